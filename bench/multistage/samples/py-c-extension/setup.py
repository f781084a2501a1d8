from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "fastcrc._speedups",
            sources=["src/fastcrc/_speedups.c"],
            extra_compile_args=["-O2"],
        ),
    ],
)
