/* Freed CPython 3.11 frame-stack chunks kept for reuse: see core/stackchunks.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define CHUNK_SIZE 16384 /* CPython 3.11's DATA_STACK_CHUNK_SIZE */
#define KEPT_MAX 64

static PyObjectArenaAllocator stock;
static void *kept[KEPT_MAX];
static int kept_count = 0;
static int installed = 0;

static void *
chunk_alloc(void *ctx, size_t size)
{
    if (size == CHUNK_SIZE && kept_count > 0) {
        return kept[--kept_count];
    }
    return stock.alloc(stock.ctx, size);
}

static void
chunk_free(void *ctx, void *ptr, size_t size)
{
    if (size == CHUNK_SIZE && kept_count < KEPT_MAX) {
        kept[kept_count++] = ptr;
        return;
    }
    stock.free(stock.ctx, ptr, size);
}

static PyObject *
install(PyObject *module, PyObject *unused)
{
    if (!installed) {
        PyObjectArenaAllocator ours = {NULL, chunk_alloc, chunk_free};
        PyObject_GetArenaAllocator(&stock);
        PyObject_SetArenaAllocator(&ours);
        installed = 1;
    }
    Py_RETURN_NONE;
}

static PyObject *
kept_blocks(PyObject *module, PyObject *unused)
{
    return PyLong_FromLong(kept_count);
}

static PyMethodDef methods[] = {
    {"install", install, METH_NOARGS, "Keep freed 16 KiB stack chunks for reuse."},
    {"kept", kept_blocks, METH_NOARGS, "How many freed chunks are kept now."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_stackchunks", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__stackchunks(void)
{
    return PyModule_Create(&module);
}
