"""JUnit XML, which CI servers (Jenkins, GitLab, Azure, CircleCI) show as test results: one
test suite per file, one failed test case per finding, one passing case for a clean file,
an errored case for a file that could not be read."""

from __future__ import annotations

from itertools import groupby

from lintnews.formatters._xml import element, serialise
from lintnews.model import Report


def render(report: Report) -> str:
    by_path = {path: list(group) for path, group in groupby(report.findings, key=lambda f: f.path)}
    errors = {e.path: e for e in report.errors}
    paths = sorted(set(report.files) | set(by_path) | set(errors))
    root = element("testsuites", {"name": "lintnews"})
    total = failures = n_errors = 0
    for path in paths:
        findings = by_path.get(path, [])
        suite = element("testsuite", {"name": path})
        cases = 0
        for f in findings:
            case = element("testcase", {"name": f"{f.code} {f.name} at line {f.line}, column {f.column}", "classname": path, "file": path, "line": f.line})
            detail = f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}"
            if f.suggestions:
                detail += "\nSuggestion: " + " | ".join(f.suggestions[:5])
            case.append(element("failure", {"message": f.message, "type": f.code}, detail))
            suite.append(case)
            cases += 1
        if path in errors:
            case = element("testcase", {"name": "read", "classname": path, "file": path})
            case.append(element("error", {"message": errors[path].message, "type": "input-error"}, f"{path}: {errors[path].message}"))
            suite.append(case)
            cases += 1
        elif not findings:
            suite.append(element("testcase", {"name": "lintnews", "classname": path, "file": path}))
            cases += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(findings)))
        suite.set("errors", str(int(path in errors)))
        suite.set("skipped", "0")
        total += cases
        failures += len(findings)
        n_errors += int(path in errors)
        root.append(suite)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(n_errors))
    return serialise(root)
