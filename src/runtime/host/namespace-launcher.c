/*
 * Starts a runtime so that every process it ever starts stays inside its execution environment,
 * and stays a tiny init beside it that freezes, thaws and ends them all on the service's word.
 *
 *   namespace-launcher [--namespaces] [--opt DIR] [--tmp DIR | --tmp-size BYTES]
 *                      [--read-only DIR]... [--writable DIR] [--nofile N] -- command [arguments...]
 *
 * With --namespaces (Linux with unprivileged user namespaces): new user, mount and PID
 * namespaces. The launcher forks an init that is pid 1 inside; the runtime is its child. When
 * pid 1 ends, the kernel kills every process of the namespace, so a child that calls setsid,
 * double-forks or daemonises cannot outlive its environment. Mounts: a folder on /opt, a folder
 * or a size-limited tmpfs on /tmp (writing past it fails with ENOSPC, as on Lambda), read-only
 * binds of the service's folders (code store, task root), a /proc of the namespace.
 * Without it: the launcher is the init itself, a child subreaper (PR_SET_CHILD_SUBREAPER), so
 * orphans are re-parented to it instead of to the machine's init and stay in its tree, which it
 * walks to freeze and end them.
 *
 * The service talks to the init over descriptor 3 (a socket the service holds): 'F' freezes
 * every process (SIGSTOP; answered "frozen"), 'T' thaws them (SIGCONT), "Q<local port> <remote port>" asks for the
 * inode of a loopback TCP socket (answered "inode N"). When the runtime ends, the init writes
 * "exit N" or "signal N" there and ends everything else; when the service goes away (the
 * socket closes: a crash, kill -9), it ends everything too. RLIMIT_NOFILE is set for the
 * runtime, as Lambda's 1,024 descriptors.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define CONTROL_FD 3
#define MAX_READ_ONLY 8

static int namespaces;
static const char *opt_dir, *tmp_dir, *tmp_size, *writable;
static const char *read_only[MAX_READ_ONLY];
static int read_only_count;
static long nofile;

static int fail(const char *what) {
  fprintf(stderr, "lambda-dojo namespace launcher: %s: %s\n", what, strerror(errno));
  return 126;
}

static int write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return -1;
  ssize_t written = write(fd, text, strlen(text));
  close(fd);
  return written == (ssize_t)strlen(text) ? 0 : -1;
}

/* A bind mount may only be remounted read-only with the flags the kernel locked on it kept. */
static unsigned long locked_flags(const char *path) {
  struct statvfs s;
  unsigned long flags = 0;
  if (statvfs(path, &s) != 0) return 0;
  if (s.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (s.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (s.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (s.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (s.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (s.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

static int enter_namespaces(void) {
  unsigned uid = (unsigned)getuid(), gid = (unsigned)getgid();
  char map[64];
  if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0) return fail("unshare");
  /* Map our own user to root inside, as `unshare --map-root-user` does, so we may mount. */
  if (write_text("/proc/self/setgroups", "deny") != 0 && errno != ENOENT) return fail("setgroups");
  snprintf(map, sizeof map, "0 %u 1\n", uid);
  if (write_text("/proc/self/uid_map", map) != 0) return fail("uid_map");
  snprintf(map, sizeof map, "0 %u 1\n", gid);
  if (write_text("/proc/self/gid_map", map) != 0) return fail("gid_map");
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return fail("make mounts private");
  if (opt_dir && mount(opt_dir, "/opt", NULL, MS_BIND, NULL) != 0) return fail("bind /opt");
  /* /tmp first: its own mount stays writable when the folders above it turn read-only. */
  if (tmp_dir && mount(tmp_dir, "/tmp", NULL, MS_BIND, NULL) != 0) return fail("bind /tmp");
  if (tmp_size) {
    char options[64];
    snprintf(options, sizeof options, "size=%s,mode=1777", tmp_size);
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) return fail("tmpfs on /tmp");
  }
  /* A folder of its own inside a read-only one (its temporary folder when /tmp cannot be its own). */
  if (writable && mount(writable, writable, NULL, MS_BIND, NULL) != 0) return fail("bind writable folder");
  for (int i = 0; i < read_only_count; i++) {
    if (mount(read_only[i], read_only[i], NULL, MS_BIND | MS_REC, NULL) != 0) return fail("bind read-only folder");
    if (mount(NULL, read_only[i], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(read_only[i]), NULL) != 0) return fail("remount read-only");
  }
  return 0;
}

/* Every descendant of `pid` (subreaper mode), appended to `found`; returns the new count. */
static int descendants(pid_t pid, pid_t *found, int count, int max) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", pid);
  DIR *tasks = opendir(path);
  if (!tasks) return count;
  struct dirent *task;
  while ((task = readdir(tasks)) != NULL) {
    if (task->d_name[0] == '.') continue;
    char children[300], buffer[4096];
    snprintf(children, sizeof children, "/proc/%d/task/%s/children", pid, task->d_name);
    int fd = open(children, O_RDONLY);
    if (fd < 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n <= 0) continue;
    buffer[n] = 0;
    for (char *p = strtok(buffer, " \n"); p && count < max; p = strtok(NULL, " \n")) {
      pid_t child = (pid_t)atoi(p);
      int seen = 0;
      for (int i = 0; i < count; i++) seen |= found[i] == child;
      if (!seen) found[count++] = child;
    }
  }
  closedir(tasks);
  return count;
}

/* Signals every process of the environment but the init: all of the namespace, or the whole tree. */
static void signal_all(int sig) {
  if (namespaces) {
    kill(-1, sig); /* from pid 1, every process in the namespace but itself */
    return;
  }
  static pid_t found[4096];
  int count = 0, done = 0;
  /* Stopped processes cannot fork, so stop first and look again until nothing new shows up. */
  for (int pass = 0; pass < 8; pass++) {
    int before = count;
    count = descendants(getpid(), found, count, 4096);
    for (int i = 0; i < count; i++) count = descendants(found[i], found, count, 4096);
    for (int i = done; i < count; i++) kill(found[i], sig == SIGCONT ? SIGCONT : SIGSTOP);
    done = count;
    if (count == before || sig == SIGCONT) break;
  }
  if (sig == SIGKILL) for (int i = 0; i < count; i++) kill(found[i], SIGKILL);
}

static void report(const char *text) {
  ssize_t ignored = write(CONTROL_FD, text, strlen(text));
  (void)ignored;
}

/*
 * The inode of the TCP socket 127.0.0.1:<local> -> 127.0.0.1:<remote>, by one exact sock_diag
 * lookup: the service asks so it can tell whether a Runtime API client is one of this
 * environment's processes (reading /proc/net/tcp instead walks every socket of the machine).
 */
static unsigned long socket_inode(unsigned local, unsigned remote) {
  int diag = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (diag < 0) return 0;
  struct {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } query;
  memset(&query, 0, sizeof query);
  query.header.nlmsg_len = sizeof query;
  query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  query.header.nlmsg_flags = NLM_F_REQUEST;
  query.request.sdiag_family = AF_INET;
  query.request.sdiag_protocol = IPPROTO_TCP;
  query.request.idiag_states = ~0U;
  query.request.id.idiag_sport = htons((unsigned short)local);
  query.request.id.idiag_dport = htons((unsigned short)remote);
  query.request.id.idiag_src[0] = htonl(INADDR_LOOPBACK);
  query.request.id.idiag_dst[0] = htonl(INADDR_LOOPBACK);
  query.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  query.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  unsigned long inode = 0;
  char answer[4096];
  if (send(diag, &query, sizeof query, 0) == (ssize_t)sizeof query) {
    ssize_t n = recv(diag, answer, sizeof answer, 0);
    struct nlmsghdr *header = (struct nlmsghdr *)answer;
    if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct inet_diag_msg)) && header->nlmsg_type == SOCK_DIAG_BY_FAMILY)
      inode = ((struct inet_diag_msg *)NLMSG_DATA(header))->idiag_inode;
  }
  close(diag);
  return inode;
}

/* Orders from the service: 'F' freeze (answered "frozen"), 'T' thaw, "Q<local> <remote>\n" which socket is that. */
static void obey(const char *orders, ssize_t n) {
  static char line[64];
  static size_t length;
  static int in_query;
  for (ssize_t i = 0; i < n; i++) {
    char c = orders[i];
    if (in_query) {
      if (c != '\n') {
        if (length < sizeof line - 1) line[length++] = c;
        continue;
      }
      line[length] = 0;
      unsigned local = 0, remote = 0;
      char text[40];
      sscanf(line, "%u %u", &local, &remote);
      snprintf(text, sizeof text, "inode %lu\n", socket_inode(local, remote));
      report(text);
      in_query = 0;
      length = 0;
    } else if (c == 'Q') {
      in_query = 1;
    } else if (c == 'F') {
      signal_all(SIGSTOP);
      /* Acknowledged: once the service has read this, a thaw needs no answer. The runtime stays
       * stopped until the 'T' is read here, so an event the service sends with the 'T' is read
       * after it. Before the acknowledgement, the service waits for it to hand over an event: a
       * freeze still unread while the runtime forks would stop the child for good (SIGSTOP and
       * SIGCONT both reach a process being forked as pending bits, which lose their order). */
      report("frozen\n");
    } else if (c == 'T') {
      signal_all(SIGCONT);
    }
  }
}

/* The init: runs the runtime, obeys the control socket, ends everything when either ends. */
static int run_init(char **command) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  int children = signalfd(-1, &mask, SFD_CLOEXEC);
  if (children < 0) return fail("signalfd");
  if (!namespaces && prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) return fail("subreaper");
  if (namespaces) mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL); /* best effort */
  pid_t runtime = fork();
  if (runtime < 0) return fail("fork");
  if (runtime == 0) {
    close(CONTROL_FD);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    if (nofile > 0) {
      struct rlimit limit = {(rlim_t)nofile, (rlim_t)nofile};
      if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return fail("RLIMIT_NOFILE");
    }
    execvp(command[0], command);
    _exit(fail(command[0]));
  }
  struct pollfd watch[2] = {{CONTROL_FD, POLLIN, 0}, {children, POLLIN, 0}};
  for (;;) {
    if (poll(watch, 2, -1) < 0 && errno != EINTR) break;
    if (watch[0].revents) {
      char orders[64];
      ssize_t n = read(CONTROL_FD, orders, sizeof orders);
      if (n <= 0) break; /* the service is gone: so is everything it started */
      obey(orders, n);
    }
    if (watch[1].revents) {
      struct signalfd_siginfo info;
      ssize_t ignored = read(children, &info, sizeof info);
      (void)ignored;
      int status;
      pid_t ended;
      while ((ended = waitpid(-1, &status, WNOHANG)) > 0) {
        if (ended != runtime) continue; /* an orphan, reaped */
        char text[32];
        if (WIFSIGNALED(status)) snprintf(text, sizeof text, "signal %d\n", WTERMSIG(status));
        else snprintf(text, sizeof text, "exit %d\n", WEXITSTATUS(status));
        report(text);
        signal_all(SIGKILL);
        return 0;
      }
    }
  }
  signal_all(SIGKILL);
  return 0;
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(flag, "--namespaces") == 0) namespaces = 1;
    else if (!value) break;
    else if (strcmp(flag, "--opt") == 0) opt_dir = value, i++;
    else if (strcmp(flag, "--tmp") == 0) tmp_dir = value, i++;
    else if (strcmp(flag, "--tmp-size") == 0) tmp_size = value, i++;
    else if (strcmp(flag, "--writable") == 0) writable = value, i++;
    else if (strcmp(flag, "--nofile") == 0) nofile = atol(value), i++;
    else if (strcmp(flag, "--read-only") == 0 && read_only_count < MAX_READ_ONLY) read_only[read_only_count++] = value, i++;
    else break;
  }
  if (i + 1 >= argc || strcmp(argv[i], "--") != 0) {
    fprintf(stderr, "usage: %s [--namespaces] [--opt DIR] [--tmp DIR | --tmp-size BYTES] [--read-only DIR]... [--writable DIR] [--nofile N] -- command [arguments...]\n", argv[0]);
    return 2;
  }
  char **command = argv + i + 1;
  /* Without the service's socket there is nobody to obey: run nothing. */
  if (fcntl(CONTROL_FD, F_GETFD) < 0) return fail("control descriptor 3");
  if (!namespaces) return run_init(command);

  pid_t parent = getppid();
  if (enter_namespaces() != 0) return 126;
  prctl(PR_SET_PDEATHSIG, SIGKILL); /* the service died: so do we, and with us the namespace */
  if (getppid() != parent) return 1;
  pid_t init = fork();
  if (init < 0) return fail("fork");
  if (init == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* pid 1 ends with its launcher, and the namespace with it */
    _exit(run_init(command));
  }
  /* Outside the namespace, this process stays only so the service has one child to watch. */
  close(CONTROL_FD);
  int status;
  while (waitpid(init, &status, 0) < 0 && errno == EINTR) {}
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
