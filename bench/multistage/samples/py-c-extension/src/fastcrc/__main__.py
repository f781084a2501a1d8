"""python -m fastcrc [TEXT...]: checksums of each TEXT (or of the standard check strings)."""

import sys

from fastcrc import _speedups, crc16, fletcher16

CHECK_STRINGS = ["123456789", "abcde", "hello, world"]


def main(argv: list[str]) -> int:
    kind = "compiled" if _speedups.__file__.endswith(".so") else "python"
    print(f"extension: {_speedups.__name__} ({kind})")
    for text in argv or CHECK_STRINGS:
        data = text.encode()
        print(f"crc16=0x{crc16(data):04X} fletcher16=0x{fletcher16(data):04X}  {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
