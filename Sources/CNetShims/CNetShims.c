#define _GNU_SOURCE
#include <sys/socket.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "CNetShims.h"

int cnet_accept4_nonblocking(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int cnet_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int cnet_set_thread_name(pthread_t thread, const char *name) {
    return pthread_setname_np(thread, name);
}

static int termination_pipe[2] = {-1, -1};

static void cnet_on_termination(int signal_number) {
    unsigned char byte = (unsigned char)signal_number;
    ssize_t written = write(termination_pipe[1], &byte, 1);
    (void)written;
}

int cnet_termination_fd(void) {
    if (termination_pipe[0] >= 0) return termination_pipe[0];
    if (pipe2(termination_pipe, O_CLOEXEC) != 0) return -1;
    struct sigaction action = {0};
    action.sa_handler = cnet_on_termination;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    return termination_pipe[0];
}
