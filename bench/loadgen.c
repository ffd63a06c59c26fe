/* The bench's load generator: HTTP/1.1 keep-alive clients on loopback, in one thread (epoll).
 *
 * What wrk does, and for the same reason: the bench runs client and server on the same two cores,
 * so every microsecond the client spends is taken from the server it measures. Python's asyncio
 * spent about 0.1-0.25 ms of CPU per request; this spends a few microseconds. bench/http.py builds
 * it with the machine's C compiler on first use (and falls back to the Python client without one).
 *
 * usage: loadgen PORT CONNECTIONS SECONDS BUDGET once|cycle REQUESTS OUT [BODIES]
 *   REQUESTS  the encoded requests, each as a 4-byte little-endian length and the bytes
 *   once      every request once, in order, shared by the connections; cycle: round and round
 *   BUDGET    at most this many requests in all; SECONDS: no request starts after this long
 *   OUT       text: "elapsed_seconds errors", then one "status latency_seconds" line per answer
 *   BODIES    when given, every answer's body, each as a 4-byte little-endian length and the bytes
 * A connection the server closes (or that fails) is reopened; a failed request counts as an error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *data;
    uint32_t len;
} request_t;

typedef struct {
    int fd;
    long request;       /* index into the requests, -1 when idle */
    double started;
    uint32_t sent;
    char *buf;
    size_t len, cap;
} conn_t;

static request_t *requests;
static long n_requests, issued, budget, answered, errors;
static int cycle;
static double stop_at;
static int *statuses;
static double *latencies;
static FILE *bodies;
static int epfd, port;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void *grow(void *p, size_t size) {
    p = realloc(p, size);
    if (!p) die("realloc");
    return p;
}

static void load_requests(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    long cap = 1024;
    requests = grow(NULL, cap * sizeof(request_t));
    unsigned char size[4];
    while (fread(size, 1, 4, f) == 4) {
        uint32_t len = size[0] | size[1] << 8 | size[2] << 16 | (uint32_t)size[3] << 24;
        if (n_requests == cap) requests = grow(requests, (cap *= 2) * sizeof(request_t));
        requests[n_requests].data = grow(NULL, len);
        requests[n_requests].len = len;
        if (fread(requests[n_requests].data, 1, len, f) != len) die("short request file");
        n_requests++;
    }
    fclose(f);
}

static int open_socket(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {  /* loopback: at once */
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void watch(conn_t *c, uint32_t events, int op) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(epfd, op, c->fd, &ev) < 0) die("epoll_ctl");
}

static void drop(conn_t *c) {
    if (c->fd >= 0) close(c->fd);  /* closing removes it from epoll */
    c->fd = -1;
}

static int more_to_send(void) {
    if (issued >= budget || now() >= stop_at) return 0;
    return cycle || issued < n_requests;
}

static void flush(conn_t *c) {
    request_t *r = &requests[c->request];
    while (c->sent < r->len) {
        ssize_t n = send(c->fd, r->data + c->sent, r->len - c->sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            watch(c, EPOLLOUT, EPOLL_CTL_MOD);
            return;
        }
        if (n <= 0) return;  /* the read side notices the broken connection */
        c->sent += n;
    }
    watch(c, EPOLLIN, EPOLL_CTL_MOD);
}

/* The next request on this connection (reopened when needed); 0 when there is nothing more to do. */
static int next(conn_t *c) {
    if (!more_to_send()) {
        drop(c);
        return 0;
    }
    for (int tries = 0; c->fd < 0; tries++) {
        c->fd = open_socket();
        if (c->fd >= 0) {
            watch(c, EPOLLIN, EPOLL_CTL_ADD);
        } else if (tries > 100) {
            die("connect");
        } else {
            usleep(10000);
        }
    }
    c->request = issued++ % n_requests;
    c->sent = 0;
    c->len = 0;
    c->started = now();
    flush(c);
    return 1;
}

static const char *find(const char *hay, size_t len, const char *needle) {
    return memmem(hay, len, needle, strlen(needle));
}

/* The value of a header, or NULL; `head` ends at the blank line. */
static const char *header(const char *head, size_t len, const char *name, size_t *value_len) {
    size_t name_len = strlen(name);
    const char *line = find(head, len, "\r\n");
    while (line && line + 2 < head + len) {
        line += 2;
        const char *end = find(line, head + len - line, "\r\n");
        if (!end) return NULL;
        if ((size_t)(end - line) > name_len && line[name_len] == ':' && !strncasecmp(line, name, name_len)) {
            const char *v = line + name_len + 1;
            while (v < end && *v == ' ') v++;
            *value_len = end - v;
            return v;
        }
        line = end;
    }
    return NULL;
}

/* Whether the buffer holds a whole answer: its status, body (copied into `body`) and whether the
 * server closes the connection. */
static int complete(conn_t *c, int *status, char **body, size_t *body_len, int *closing) {
    const char *end = find(c->buf, c->len, "\r\n\r\n");
    if (!end) return 0;
    size_t head_len = end + 4 - c->buf, value_len;
    if (head_len < 12) return -1;
    *status = atoi(c->buf + 9);
    const char *v = header(c->buf, head_len - 2, "connection", &value_len);
    *closing = v && value_len == 5 && !strncasecmp(v, "close", 5);
    v = header(c->buf, head_len - 2, "transfer-encoding", &value_len);
    if (v && value_len >= 7 && !strncasecmp(v, "chunked", 7)) {
        size_t at = head_len;  /* first: is every chunk here? */
        for (;;) {
            const char *line_end = find(c->buf + at, c->len - at, "\r\n");
            if (!line_end) return 0;
            size_t size = strtoul(c->buf + at, NULL, 16);
            at = line_end + 2 - c->buf;
            if (size == 0) {
                if (c->len < at + 2) return 0;  /* the empty trailer */
                break;
            }
            if (c->len < at + size + 2) return 0;
            at += size + 2;
        }
        size_t out = 0;  /* then: the chunks' data joined in place, behind the head */
        at = head_len;
        for (;;) {
            size_t size = strtoul(c->buf + at, NULL, 16);
            at = find(c->buf + at, c->len - at, "\r\n") + 2 - c->buf;
            if (size == 0) break;
            memmove(c->buf + head_len + out, c->buf + at, size);
            out += size;
            at += size + 2;
        }
        *body = c->buf + head_len;
        *body_len = out;
        return 1;
    }
    v = header(c->buf, head_len - 2, "content-length", &value_len);
    size_t length = v ? strtoul(v, NULL, 10) : 0;
    if (c->len < head_len + length) return 0;
    *body = c->buf + head_len;
    *body_len = length;
    return 1;
}

static void record(int status, double latency, const char *body, size_t body_len) {
    statuses[answered] = status;
    latencies[answered] = latency;
    answered++;
    if (bodies) {
        uint32_t len = body_len;
        unsigned char size[4] = {len & 255, len >> 8 & 255, len >> 16 & 255, len >> 24};
        fwrite(size, 1, 4, bodies);
        fwrite(body, 1, body_len, bodies);
    }
}

/* Returns 1 while the connection has a request in flight. */
static int readable(conn_t *c) {
    for (;;) {
        if (c->cap - c->len < 16384) c->buf = grow(c->buf, c->cap = c->cap * 2 + 16384);
        ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 1;
        if (n <= 0) {  /* closed or broken before the whole answer came */
            errors++;
            drop(c);
            return next(c);
        }
        c->len += n;
        int status, closing;
        char *body;
        size_t body_len;
        int done = complete(c, &status, &body, &body_len, &closing);
        if (done < 0) {
            errors++;
            drop(c);
            return next(c);
        }
        if (done) {
            record(status, now() - c->started, body, body_len);
            if (closing) drop(c);
            return next(c);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 8) {
        fprintf(stderr, "usage: loadgen PORT CONNECTIONS SECONDS BUDGET once|cycle REQUESTS OUT [BODIES]\n");
        return 2;
    }
    port = atoi(argv[1]);
    int connections = atoi(argv[2]);
    double seconds = atof(argv[3]);
    budget = atol(argv[4]);
    cycle = !strcmp(argv[5], "cycle");
    load_requests(argv[6]);
    if (n_requests == 0 || connections < 1) {
        fprintf(stderr, "loadgen: nothing to send\n");
        return 2;
    }
    if (!cycle && budget > n_requests) budget = n_requests;
    statuses = grow(NULL, (budget + 1) * sizeof(int));
    latencies = grow(NULL, (budget + 1) * sizeof(double));
    if (argc > 8 && !(bodies = fopen(argv[8], "wb"))) die(argv[8]);
    epfd = epoll_create1(0);
    if (epfd < 0) die("epoll_create1");

    conn_t *conns = calloc(connections, sizeof(conn_t));
    double begin = now();
    stop_at = begin + seconds;
    int in_flight = 0;
    for (int i = 0; i < connections; i++) {
        conns[i].fd = -1;
        in_flight += next(&conns[i]);
    }
    struct epoll_event events[256];
    while (in_flight > 0) {
        int n = epoll_wait(epfd, events, 256, 1000);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (c->fd < 0) continue;
            int busy = events[i].events & EPOLLOUT && !(events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                           ? (flush(c), 1)
                           : readable(c);
            if (!busy) in_flight--;
        }
        if (now() > stop_at + 60) break;  /* answers that never come: given up on */
    }
    double elapsed = now() - begin;
    for (int i = 0; i < connections; i++)
        if (conns[i].fd >= 0) errors++;  /* still waiting when given up on */

    FILE *out = fopen(argv[7], "w");
    if (!out) die(argv[7]);
    fprintf(out, "%.6f %ld\n", elapsed, errors);
    for (long i = 0; i < answered; i++) fprintf(out, "%d %.7f\n", statuses[i], latencies[i]);
    fclose(out);
    if (bodies) fclose(bodies);
    return 0;
}
