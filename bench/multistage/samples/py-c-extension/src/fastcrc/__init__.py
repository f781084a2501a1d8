"""CRC-16/CCITT-FALSE and Fletcher-16 checksums, computed by a C extension."""

from fastcrc._speedups import crc16, fletcher16

__all__ = ["crc16", "fletcher16"]
