"""A process that tries to become the instance, for the single-instance tests.

    python -m tests.platform.instance_child try NAME       listen without handing over; print
                                                            "listening" or "refused" and exit
    python -m tests.platform.instance_child hold NAME      the same, then hold on until stdin closes
    python -m tests.platform.instance_child storm NAME N   print "ready", wait for a line on stdin,
                                                            then start as `companion` does: ask the
                                                            running instance to show itself, else
                                                            listen; print "handed-over", "gave-up",
                                                            or "listening" and how many of the N
                                                            expected "show" messages came
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from companion.platform.single_instance import SingleInstance, ask_running_instance


def say(text: str) -> None:
    print(text, flush=True)


def main(mode: str, name: str, expected: int = 0) -> int:
    app = QCoreApplication([])
    if mode == "storm":
        say("ready")
        sys.stdin.readline()
        if ask_running_instance(name, b"show"):
            say("handed-over")
            return 0
        instance = SingleInstance(name)
    else:
        instance = SingleInstance(name, handover=None)
    if not instance.listen():
        say("handed-over" if instance.handed_over else ("gave-up" if mode == "storm" else "refused"))
        return 0
    if mode == "try":
        say("listening")
        instance.close()
        return 0
    if mode == "hold":
        say("listening")
        watch = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        watch.activated.connect(lambda: os.read(sys.stdin.fileno(), 1024) or app.quit())
        app.exec()
        instance.close()
        return 0
    shows: list[bytes] = []

    def count(message: bytes) -> None:
        shows.append(message)
        if len(shows) >= expected:
            app.quit()

    instance.message.connect(count)
    QTimer.singleShot(30_000, app.quit)  # a lost hand-over shows as a short count, not a hang
    if expected:
        app.exec()
    say(f"listening {sum(m == b'show' for m in shows)}")
    instance.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0))
