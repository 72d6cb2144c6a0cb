#!/usr/bin/env python3
"""check_layers.py must catch what it is there to catch: a call up, a call across, a cycle of
files and a name without its layer's prefix, each in small archives built here; and pass clean
ones. Needs a C compiler (MOSAIC_CC, else cc) and ar."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CC = os.environ.get("MOSAIC_CC", "cc")


class CheckLayersTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def archive(self, name, sources):
        """lib<name>.a from {file name: C text}."""
        objects = []
        for file, text in sources.items():
            path = os.path.join(self.dir.name, file)
            with open(path, "w") as f:
                f.write(text)
            subprocess.run([CC, "-c", path, "-o", path + ".o"], check=True)
            objects.append(path + ".o")
        lib = os.path.join(self.dir.name, f"lib{name}.a")
        subprocess.run(["ar", "rcs", lib, *objects], check=True)
        return lib

    def check(self, *layers):
        r = subprocess.run([sys.executable, os.path.join(HERE, "check_layers.py"), *layers],
                           capture_output=True, text=True)
        return r.returncode, r.stdout

    def test_clean_layers_pass(self):
        low = self.archive("low", {"a.c": "int lo_a(void) { return 1; }\n"})
        high = self.archive("high", {"b.c": "int lo_a(void);\nint hi_b(void) { return lo_a(); }\n"})
        status, out = self.check(f"0:low={low}:lo_", f"1:high={high}:hi_")
        self.assertEqual(status, 0, out)
        self.assertIn("2 objects in 2 layers", out)

    def test_a_call_up_is_caught(self):
        low = self.archive("low", {"a.c": "int hi_b(void);\nint lo_a(void) { return hi_b(); }\n"})
        high = self.archive("high", {"b.c": "int hi_b(void) { return 2; }\n"})
        status, out = self.check(f"0:low={low}:lo_", f"1:high={high}:hi_")
        self.assertEqual(status, 1)
        self.assertIn("low/a.c.o uses hi_b, defined in high, a layer above", out)

    def test_a_call_across_is_caught(self):
        one = self.archive("one", {"a.c": "int two_b(void);\nint one_a(void) { return two_b(); }\n"})
        two = self.archive("two", {"b.c": "int two_b(void) { return 2; }\n"})
        status, out = self.check(f"1:one={one}:one_", f"1:two={two}:two_")
        self.assertEqual(status, 1)
        self.assertIn("uses two_b, defined in two, a layer beside it", out)

    def test_files_calling_each_other_are_caught(self):
        lib = self.archive("mid", {
            "a.c": "int mi_b(int);\nint mi_a(int n) { return n ? mi_b(n - 1) : 0; }\n",
            "b.c": "int mi_c(int);\nint mi_b(int n) { return n ? mi_c(n - 1) : 0; }\n",
            "c.c": "int mi_a(int);\nint mi_c(int n) { return n ? mi_a(n - 1) : 0; }\n",
        })
        status, out = self.check(f"0:mid={lib}:mi_")
        self.assertEqual(status, 1)
        self.assertIn("files that call each other: mid/a.c.o <-> mid/b.c.o <-> mid/c.c.o", out)

    def test_a_name_without_the_prefix_is_caught(self):
        lib = self.archive("low", {"a.c": "int lo_a(void) { return 1; }\nint helper(void) "
                                          "{ return 2; }\nstatic int kept(void) { return 3; }\n"})
        status, out = self.check(f"0:low={lib}:lo_")
        self.assertEqual(status, 1)
        self.assertIn("low/a.c.o defines helper, without its layer's prefix (lo_)", out)
        self.assertNotIn("kept", out)  # file-static names are the file's own


if __name__ == "__main__":
    unittest.main()
