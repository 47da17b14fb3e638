/* runstat [-i IN] [-o OUT] [-e ERR] -- PROGRAM ARGS...
 *
 * Runs PROGRAM once (PATH searched) with stdin from IN and stdout to OUT
 * (both /dev/null unless given; stderr is inherited unless -e), waits for it
 * with wait4(2) and prints one line:
 *
 *   wall_us user_us sys_us maxrss_kib exit_status
 *
 * wall is CLOCK_MONOTONIC from just before fork(2) to wait4's return, so it
 * includes fork + exec, as when docker runs a credential helper; user/sys and
 * max RSS are the child's own rusage. Used by scripts/bench; build it static
 * (its own pre-exec pages count toward the child's max RSS, a few hundred KiB
 * at most, the same for every program measured, the floor included).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long us(struct timeval t) { return (long long)t.tv_sec * 1000000LL + t.tv_usec; }

int main(int argc, char **argv) {
  const char *in = "/dev/null", *out = "/dev/null", *err = NULL;
  int i = 1;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "-i") && i + 1 < argc) in = argv[++i];
    else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "-e") && i + 1 < argc) err = argv[++i];
    else if (!strcmp(argv[i], "--")) { i++; break; }
    else break;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: runstat [-i IN] [-o OUT] [-e ERR] -- PROGRAM ARGS...\n");
    return 2;
  }
  int fd_in = open(in, O_RDONLY | O_CLOEXEC);
  int fd_out = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int fd_err = err ? open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : 2;
  if (fd_in < 0 || fd_out < 0 || fd_err < 0) {
    perror("runstat: open");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("runstat: fork");
    return 2;
  }
  if (pid == 0) {
    dup2(fd_in, 0);
    dup2(fd_out, 1);
    if (fd_err != 2) dup2(fd_err, 2);
    execvp(argv[i], argv + i);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("runstat: wait4");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long wall = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%lld %lld %lld %ld %d\n", wall, us(ru.ru_utime), us(ru.ru_stime), ru.ru_maxrss, code);
  return 0;
}
