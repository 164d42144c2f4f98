"""Detectors that data alone cannot express. Each is a class named by a rule file's
``check: module:Class``; heavy libraries are imported inside methods, not at module level,
so that listing or explaining rules stays fast."""
