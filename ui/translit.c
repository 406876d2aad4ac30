/** @file
 * The Latin-1 to ASCII table.
 */
#include "ui/translit.h"

/* U+00A0..U+00FF; "" never occurs. */
static const char *const latin1[96] = {
	" ", "!", "c", "L", "$", "Y", "|", "S", "\"", "(c)", "a", "<<", "-", "-", "(R)", "-",
	"o", "+-", "2", "3", "'", "u", "P", ".", ",", "1", "o", ">>", "1/4", "1/2", "3/4", "?",
	"A", "A", "A", "A", "Ae", "Aa", "Ae", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	"D", "N", "O", "O", "O", "O", "Oe", "x", "Oe", "U", "U", "U", "Ue", "Y", "Th", "ss",
	"a", "a", "a", "a", "ae", "aa", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "oe", "/", "oe", "u", "u", "u", "ue", "y", "th", "y",
};

const char *ui_translit(uint16_t cp)
{
	static const char ascii[95][2] = {
#define C(n) { (char)(0x20 + (n)), 0 }
		C(0), C(1), C(2), C(3), C(4), C(5), C(6), C(7), C(8), C(9),
		C(10), C(11), C(12), C(13), C(14), C(15), C(16), C(17), C(18), C(19),
		C(20), C(21), C(22), C(23), C(24), C(25), C(26), C(27), C(28), C(29),
		C(30), C(31), C(32), C(33), C(34), C(35), C(36), C(37), C(38), C(39),
		C(40), C(41), C(42), C(43), C(44), C(45), C(46), C(47), C(48), C(49),
		C(50), C(51), C(52), C(53), C(54), C(55), C(56), C(57), C(58), C(59),
		C(60), C(61), C(62), C(63), C(64), C(65), C(66), C(67), C(68), C(69),
		C(70), C(71), C(72), C(73), C(74), C(75), C(76), C(77), C(78), C(79),
		C(80), C(81), C(82), C(83), C(84), C(85), C(86), C(87), C(88), C(89),
		C(90), C(91), C(92), C(93), C(94),
#undef C
	};

	if (cp >= 0x20 && cp < 0x7f)
		return ascii[cp - 0x20];
	if (cp >= 0xa0 && cp <= 0xff)
		return latin1[cp - 0xa0];
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return " ";
	return "?";
}
