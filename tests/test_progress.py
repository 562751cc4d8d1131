import io

from digest.progress import QUIET_BELOW, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(progress: Progress, count: int) -> None:
    with progress.phase("analysed", count) as advance:
        for _ in range(count):
            advance(1)
    with progress.phase("linked"):
        pass


def test_in_a_log_a_long_build_prints_plain_lines_at_each_tenth_and_per_phase():
    log = io.StringIO()
    run(Progress(log, total=1000), 1000)
    lines = log.getvalue().splitlines()
    assert lines[:2] == ["digest: analysed: 100/1000 (10%)", "digest: analysed: 200/1000 (20%)"]
    assert lines[9] == "digest: analysed: 1000/1000 (100%)"
    assert lines[10].startswith("digest: analysed: 1000 of 1000, ") and lines[10].endswith(" MB)")
    assert lines[11].startswith("digest: linked: ") and len(lines) == 12
    assert "\r" not in log.getvalue()


def test_on_a_terminal_a_long_build_draws_a_bar_in_place():
    terminal = Terminal()
    run(Progress(terminal, total=1000), 1000)
    text = terminal.getvalue()
    assert "\ranalysed   [" + "#" * 30 + "] 1000/1000" in text
    assert "\r\033[Kdigest: analysed: 1000 of 1000, " in text


def test_a_short_build_stays_quiet():
    log = io.StringIO()
    run(Progress(log, total=QUIET_BELOW - 1), QUIET_BELOW - 1)
    assert log.getvalue() == ""
