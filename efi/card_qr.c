/** @file
 * Drawing the card's QR code with Blt, module by module.
 *
 * Where the text is: EDK2's graphics console (OVMF, most PCs' firmware)
 * draws 8x19-pixel cells and centres the 80x25 mode on the screen.
 */
#include "efi/card_qr.h"
#include "efi/efi_app.h"
#include "ui/helpdesk.h"
#include "ui/protectors.h"
#include "ui/qr.h"

#define CELL_W 8
#define CELL_H 19
#define QUIET 4          /* modules of light around the code, as ISO 18004 asks */
#define MIN_SCALE 3      /* pixels a module: a phone at arm's length */
#define GAP 4            /* pixels between the text and the quiet zone */

/* The GOP the console splitter draws through, else any. */
static EFI_GRAPHICS_OUTPUT_PROTOCOL *find_gop(void)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;

	if (ST->ConsoleOutHandle &&
	    !EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, ST->ConsoleOutHandle,
					 &GraphicsOutputProtocol, (void **)&gop)) &&
	    gop)
		return gop;
	if (EFI_ERROR(uefi_call_wrapper(BS->LocateProtocol, 3, &GraphicsOutputProtocol,
					NULL, (void **)&gop)))
		return NULL;
	return gop;
}

/* The code, QUIET modules of white around it, SCALE pixels a module. */
static EFI_GRAPHICS_OUTPUT_BLT_PIXEL *render(const struct ui_qr *qr, UINTN scale,
					     UINTN *side_px)
{
	static const EFI_GRAPHICS_OUTPUT_BLT_PIXEL dark = { 0, 0, 0, 0 };
	static const EFI_GRAPHICS_OUTPUT_BLT_PIXEL light = { 0xff, 0xff, 0xff, 0 };
	int size = ui_qr_size(qr);
	UINTN side = (UINTN)(size + 2 * QUIET) * scale, x, y;
	EFI_GRAPHICS_OUTPUT_BLT_PIXEL *px = AllocatePool(side * side * sizeof(*px));

	if (!px)
		return NULL;
	for (y = 0; y < side; y++)
		for (x = 0; x < side; x++) {
			int mx = (int)(x / scale) - QUIET, my = (int)(y / scale) - QUIET;

			px[y * side + x] = mx >= 0 && my >= 0 && mx < size && my < size &&
					   ui_qr_dark(qr, mx, my) ? dark : light;
		}
	*side_px = side;
	return px;
}

int card_qr_draw(const struct bde_volume *vol)
{
	const struct bde_protector *rp = ui_recovery_protector(vol, 0);
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = find_gop();
	static char payload[UI_QR_PAYLOAD_MAX];
	static struct ui_qr qr;
	EFI_GRAPHICS_OUTPUT_BLT_PIXEL *px;
	UINTN width, height, left, top, x0, y0, room_w, room_h, room, scale, side;
	int version;

	if (!rp || !gop || !gop->Mode || !gop->Mode->Info)
		return -1;
	width = gop->Mode->Info->HorizontalResolution;
	height = gop->Mode->Info->VerticalResolution;
	if (width < UI_COLS * CELL_W || height < UI_ROWS * CELL_H)
		return -1;
	left = (width - UI_COLS * CELL_W) / 2;
	top = (height - UI_ROWS * CELL_H) / 2;
	/* Right of the card's text, from its row 2 down 11 rows. */
	x0 = left + UI_CARD_TEXT_COLS * CELL_W + GAP;
	y0 = top + UI_CARD_QR_ROW * CELL_H;
	room_w = width - x0;
	room_h = UI_CARD_QR_ROWS * CELL_H;
	room = room_w < room_h ? room_w : room_h;
	/* The largest version that fits at the smallest scale we allow
	 * (version 1 is 21 modules a side, each version 4 more). */
	if (room / MIN_SCALE < 2 * QUIET + 21)
		return -1;
	version = (int)((room / MIN_SCALE - 2 * QUIET - 17) / 4);
	if (version > UI_QR_MAX_VERSION)
		version = UI_QR_MAX_VERSION;
	if (ui_qr_card_payload(vol, rp, payload) || ui_qr_card(&qr, payload, version))
		return -1;
	scale = room / (UINTN)(ui_qr_size(&qr) + 2 * QUIET);
	px = render(&qr, scale, &side);
	if (!px)
		return -1;
	/* Next to the text, top-aligned with the key ID's label. */
	uefi_call_wrapper(gop->Blt, 10, gop, px, EfiBltBufferToVideo, 0, 0, x0, y0,
			  side, side, 0);
	FreePool(px);
	return 0;
}
