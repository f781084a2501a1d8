/* fastcrc._speedups: checksums over a bytes-like object. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *crc16(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    unsigned int crc = 0xFFFF;

    if (!PyArg_ParseTuple(args, "y*", &buf))
        return NULL;
    const unsigned char *p = buf.buf;
    for (Py_ssize_t i = 0; i < buf.len; i++) {
        crc ^= (unsigned int)p[i] << 8;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
    }
    PyBuffer_Release(&buf);
    return PyLong_FromUnsignedLong(crc);
}

static PyObject *fletcher16(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    unsigned int sum1 = 0, sum2 = 0;

    if (!PyArg_ParseTuple(args, "y*", &buf))
        return NULL;
    const unsigned char *p = buf.buf;
    for (Py_ssize_t i = 0; i < buf.len; i++) {
        sum1 = (sum1 + p[i]) % 255;
        sum2 = (sum2 + sum1) % 255;
    }
    PyBuffer_Release(&buf);
    return PyLong_FromUnsignedLong((sum2 << 8) | sum1);
}

static PyMethodDef methods[] = {
    {"crc16", crc16, METH_VARARGS, "CRC-16/CCITT-FALSE of a bytes-like object."},
    {"fletcher16", fletcher16, METH_VARARGS, "Fletcher-16 of a bytes-like object."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fastcrc._speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
