"""Argon2id, for passwords and the letters' sign-in codes.

The tests set PORTAL_HASHING=cheapest (argon2's profile made for testing): thousands of sign-ins then
take seconds, not minutes. A hash names its own parameters, so either hasher verifies the other's
hashes, and a production sign-in rehashes a cheap one with the standard parameters."""

import os

from argon2 import PasswordHasher, profiles

HASHER = (PasswordHasher.from_parameters(profiles.CHEAPEST) if os.environ.get("PORTAL_HASHING") == "cheapest"
          else PasswordHasher())
