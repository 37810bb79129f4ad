/*
 * replay.c - the main of a fuzz target's replay build: every file named on
 * the command line (or in a folder named there) goes once through
 * LLVMFuzzerTestOneInput, so ctest runs each corpus in tests/fuzz/<target>/
 * in the normal and the ASan + UBSan builds without clang.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define REPLAY_MAX (1 << 20)

static int run_file(const char *path, uint8_t *buf)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz-replay: cannot read %s\n", path);
		return -1;
	}
	size_t len = fread(buf, 1, REPLAY_MAX, f);
	fclose(f);
	/* a copy of exactly len bytes, so ASan sees a read past the input */
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	memcpy(copy, buf, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[REPLAY_MAX];
	int n = 0;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct dirent **list;
			int k = scandir(argv[i], &list, NULL, alphasort);
			for (int j = 0; j < k; j++) {
				char path[4096];
				snprintf(path, sizeof(path), "%s/%s", argv[i], list[j]->d_name);
				if (list[j]->d_name[0] != '.') {
					if (run_file(path, buf) < 0)
						return 1;
					n++;
				}
				free(list[j]);
			}
			free(list);
		} else {
			if (run_file(argv[i], buf) < 0)
				return 1;
			n++;
		}
	}
	printf("fuzz-replay: %d inputs, no crash\n", n);
	return n > 0 ? 0 : 1;
}
