"""Serves a directory over plain HTTP on 127.0.0.1 (an ephemeral port) for the
shell tests; prints the port on its first line, then serves until killed.
Stops by itself after --lifetime seconds."""
import argparse
import functools
import http.server
import sys
import threading

parser = argparse.ArgumentParser()
parser.add_argument("directory")
parser.add_argument("--lifetime", type=float, default=600)
args = parser.parse_args()

handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.directory)
handler.log_message = lambda *a: None
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_address[1], flush=True)
threading.Timer(args.lifetime, server.shutdown).start()
server.serve_forever()
sys.exit(0)
