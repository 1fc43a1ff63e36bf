"""The tests hash with argon2's cheapest parameters; the portal itself never does unless told so."""

import os
import subprocess
import sys

from argon2 import PasswordHasher

from portal.services.hashing import HASHER


def test_the_portal_hashes_with_argon2s_standard_parameters():
    environment = {key: value for key, value in os.environ.items() if key != "PORTAL_HASHING"}
    printed = subprocess.run([sys.executable, "-c", "from portal.services.hashing import HASHER as h; "
                              "print(h.time_cost, h.memory_cost, h.parallelism)"],
                             env=environment, capture_output=True, text=True, check=True).stdout.split()
    assert printed == ["3", "65536", "4"]


def test_the_portal_verifies_a_cheap_hash_and_would_make_it_anew():
    assert HASHER.time_cost == 1  # the tests' own (tests/conftest.py)
    cheap = HASHER.hash("salasana")
    standard = PasswordHasher()
    assert standard.verify(cheap, "salasana") and standard.check_needs_rehash(cheap)
