/*
 * The seeds' pi computation (shared/examples/condor/pi.c), changed to checkpoint itself the
 * way HTCondor's self-checkpointing jobs do (submit file: checkpoint_exit_code = 85):
 *
 *   - the loop count is 64-bit, so a run can last minutes;
 *   - every CHECKPOINT_SECONDS (default 2) it writes its state to pi.ckpt (written to a
 *     temporary file, then renamed, so a kill never leaves half a checkpoint) and exits 85;
 *   - started again, it resumes from pi.ckpt, so the sum is the same as an uninterrupted run:
 *     the state is the loop index and the partial sum, stored as the exact bits of the double.
 *
 * Usage: pi-checkpoint N   (N intervals; prints pi to 12 decimals when done)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECKPOINT_FILE "pi.ckpt"
#define CHECKPOINT_EXIT 85

static int load(uint64_t *i, double *area) {
    FILE *f = fopen(CHECKPOINT_FILE, "r");
    if (!f) return 0;
    uint64_t bits;
    int ok = fscanf(f, "%" SCNu64 " %" SCNx64, i, &bits) == 2;
    fclose(f);
    if (ok) memcpy(area, &bits, sizeof bits);
    return ok;
}

static void save(uint64_t i, double area) {
    uint64_t bits;
    memcpy(&bits, &area, sizeof bits);
    FILE *f = fopen(CHECKPOINT_FILE ".tmp", "w");
    if (!f) { perror("checkpoint"); exit(1); }
    fprintf(f, "%" PRIu64 " %" PRIx64 "\n", i, bits);
    fflush(f);
    fclose(f);
    rename(CHECKPOINT_FILE ".tmp", CHECKPOINT_FILE);
}

int main(int argc, char *argv[]) {
    if (argc < 2) { fprintf(stderr, "usage: %s N\n", argv[0]); return 2; }
    uint64_t n = strtoull(argv[1], NULL, 10);
    const char *every = getenv("CHECKPOINT_SECONDS");
    double period = every ? atof(every) : 2.0;
    uint64_t i = 0;
    double area = 0.0;
    if (load(&i, &area)) fprintf(stderr, "resuming at %" PRIu64 " of %" PRIu64 "\n", i, n);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (; i < n; i++) {
        double x = (i + 0.5) / n;
        area += 4.0 / (1.0 + x * x);
        if ((i & 0xfffff) == 0 && i > 0 && period > 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= period) {
                save(i + 1, area);
                return CHECKPOINT_EXIT;
            }
        }
    }
    printf("%.12f\n", area / n);
    remove(CHECKPOINT_FILE);
    return 0;
}
