/* Seed 001's openMosix test program: a CPU-bound Fibonacci computation, naive recursion,
 * no I/O until the end. `fib N` prints fib(N) and how long it took; four copies started on
 * one node of a two-node cluster should take half as long as on one node. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 40;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    unsigned long value = fib(n);
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("fib(%u) = %lu in %.2f s\n", n, value,
           (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
    return 0;
}
