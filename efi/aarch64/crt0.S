/** @file
 * AArch64 entry glue: the image's entry point, for objcopy's own PE
 * header (--target efi-app-aarch64), unlike gnu-efi's crt0, which carries
 * a hand-made header and leaves no room for the .sbat section shim needs.
 *
 * Firmware may load the image anywhere; gnu-efi's _relocate applies the
 * ELF relative relocations (.rela) against where ImageBase landed, then
 * efi_main runs with the firmware's two arguments.
 */
	.text
	.globl	_start
	.type	_start, %function
_start:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	stp	x0, x1, [sp, #16]		/* image handle, system table */
	mov	x2, x0
	mov	x3, x1
	adrp	x0, ImageBase
	add	x0, x0, #:lo12:ImageBase
	adrp	x1, _DYNAMIC
	add	x1, x1, #:lo12:_DYNAMIC
	bl	_relocate
	cbnz	x0, 1f				/* its EFI_STATUS */
	ldp	x0, x1, [sp, #16]
	bl	efi_main
1:	ldp	x29, x30, [sp], #32
	ret
	.size	_start, . - _start

/*
 * A base relocation table of one block of do-nothing entries: the
 * relocating is _relocate's, but firmware may load an image without a
 * relocation table only at its link address (0). Page RVA 0, the PE
 * header's page, is inside every image.
 */
	.section .reloc, "a"
	.long	0				/* page RVA */
	.long	12				/* block size: 8 + two entries */
	.short	0				/* IMAGE_REL_BASED_ABSOLUTE: padding */
	.short	0

	.section .note.GNU-stack, "", %progbits
