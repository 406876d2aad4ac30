/** @file
 * Success and failure screens.
 */
#include "bde/bde.h"
#include "ui/frame.h"
#include "ui/result.h"
#include "ui/text.h"

static void line(struct screen *s, unsigned row, const char *label,
		 const char *value)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, label);
	ui_text_pad_to(&t, 15);
	ui_text_add(&t, value);
	ui_put_text(s, row, 2, UI_NORMAL, t.buf);
}

void ui_success_draw(struct screen *s, const struct bde_volume *vol,
		     const struct ui_unlocked *u)
{
	unsigned row = UI_FIRST_ROW + 1;

	ui_frame(s, "Volume unlocked", u->hints ? u->hints : "Esc: back");
	ui_put_text(s, row, 2, UI_OK, "The volume is unlocked.");
	row += 2;
	line(s, row++, "Volume:", vol->description[0] ? vol->description :
	     "(no description)");
	if (u->fs_type) {
		line(s, row++, "File system:", u->fs_type);
		line(s, row++, "Label:", u->label && u->label[0] ? u->label : "(none)");
		line(s, row++, "Serial number:", u->serial ? u->serial : "(unknown)");
	} else {
		/* The key was proven right by the metadata's authentication tag,
		 * so this is about the content, not the password. */
		row++;
		row += ui_put_wrapped(s, row, 2, 76, 4, UI_ERROR,
				      "The key is right, but no NTFS, FAT or exFAT "
				      "file system was found in the decrypted data: "
				      "the volume's content may be damaged, or it "
				      "holds another file system.");
	}
	if (bde_view_uncertain(vol))
		row += ui_put_wrapped(s, row + 1, 2, 76, 2, UI_ERROR,
				      "Best effort: parts never written since BitLocker "
				      "was switched on read as noise.") + 1;
	ui_put_text(s, row + 1, 2, UI_DIM,
		    "bitrescue only reads: nothing on the volume was changed.");
	s->flush(s);
}

void ui_uncertain_draw(struct screen *s, const struct bde_volume *vol)
{
	unsigned row = UI_FIRST_ROW + 1;

	ui_frame(s, "Uncertain view", "Y: offer it anyway   Esc: leave it locked");
	ui_put_text(s, row, 2, UI_OK, "The key is right.");
	row += 2;
	row += ui_put_wrapped(s, row, 2, 76, 3, UI_ERROR,
			      "But this volume encrypts used space only, and the "
			      "bitmaps that say which parts are encrypted cannot be "
			      "used:");
	ui_put_text(s, row++, 4, UI_ERROR, vol->eow_map.problem ? vol->eow_map.problem :
		    "(no reason recorded)");
	row++;
	row += ui_put_wrapped(s, row, 2, 76, 4, UI_NORMAL,
			      "Parts never written since BitLocker was switched on "
			      "will read as noise: files stored there come out wrong, "
			      "with no error. Copy only what you can check, or have "
			      "an image of the disk examined instead.");
	ui_put_text(s, row + 1, 2, UI_DIM,
		    "bitrescue only reads: nothing on the volume is changed.");
	s->flush(s);
}

void ui_error_draw(struct screen *s, const char *what, int err,
		   const char *hints)
{
	struct ui_text t;

	ui_frame(s, "Error", hints ? hints : "Esc: back");
	ui_text_init(&t);
	ui_text_add(&t, what);
	ui_text_add(&t, " failed:");
	ui_put_text(s, UI_FIRST_ROW + 1, 2, UI_NORMAL, t.buf);
	ui_put_text(s, UI_FIRST_ROW + 2, 4, UI_ERROR, bde_strerror(err));
	ui_put_text(s, UI_FIRST_ROW + 4, 2, UI_DIM,
		    "Nothing was written to any disk.");
	s->flush(s);
}
