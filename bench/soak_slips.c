/*
 * soak_slips.c - what each slip says, read back the way a citizen's phone
 * would: the simulated printer's job (sim:DIR/slip-NNNN.escpos, the bytes a
 * printer gets) decoded into its image, and the slip's QR code scanned with
 * zbar.  tools/soak sets [printer] qr_url to an address carrying {number},
 * so the number a person holds is known without trusting the kiosk's log.
 *
 *   build/soak-slips FILE.escpos...
 *
 * One line per file: "FILE<TAB>QR text", or "FILE<TAB>-" when the job holds
 * no readable QR code, or "FILE<TAB>!" when the bytes are not a job
 * (truncated: a kiosk killed while printing).  Exit 0 unless a file cannot
 * be read.
 */
#include "escpos.h"
#include "qr_read.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	static uint8_t job[ESCPOS_MAX_JOB];
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		struct bitmap img;
		struct escpos_summary sum;
		char qr[512];
		size_t len;

		if (!f) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		len = fread(job, 1, sizeof(job), f);
		fclose(f);
		if (escpos_decode(job, len, &img, &sum) != 0) {
			printf("%s\t!\n", argv[i]);
			continue;
		}
		printf("%s\t%s\n", argv[i], qr_read(&img, qr, sizeof(qr)) == 0 ? qr : "-");
		bitmap_free(&img);
	}
	return rc;
}
