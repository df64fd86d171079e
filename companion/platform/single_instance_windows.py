"""The Windows half of the single-instance guard (see single_instance): the pipe's name, its claim
before Qt listens, and who is at its other end.

A named pipe has no directory to hide in: its namespace is the whole machine, and anyone can list
it. So the name is made unguessable, and the listen is made to find out whether it is first:
- The name is keyed by a secret of this user's: HMAC-SHA256 of (SID, data directory) under 32
  random bytes kept in a file in the user's private app directory. It is stable for this user, and
  another user, who cannot read the file, cannot compute it before the app has run.
- Once the app has run, the name can be read from the pipe listing, and a squatter could create it
  while the app is not running. Qt's QLocalServer cannot ask for FILE_FLAG_FIRST_PIPE_INSTANCE, so
  the lock holder first creates one instance of its own with that flag (and Qt's modes and a DACL
  for the user alone), lets Qt listen beside it, then closes it. If the flag is refused, the name
  exists already, and since the lock says no instance of ours runs, it is someone else's: the app
  does not listen there (nothing is handed over; reminders go on) and says so once in the log.
  A connection to the claiming instance in the moment before it closes is dropped; the client
  tries again or falls back, as when the app is just starting.

Nothing here calls Windows on another system: each entry point that would raises OSError there.
Callers take OSError for "cannot tell": the peer check then refuses (it never lets in), the claim
forbids nothing and leaves it to Qt's listen. The Linux tests drive the rest through fakes of these
entry points.
"""

from __future__ import annotations

import hmac
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

SECRET_FILE = "pipe-secret"
SECRET_BYTES = 32
ERROR_ACCESS_DENIED = 5  # what FILE_FLAG_FIRST_PIPE_INSTANCE gives when the name exists


# -- the name ---------------------------------------------------------------------------------
def pipe_name(app: str, data_dir: Path, *, sid: str, secret_dir: Path) -> str:
    """The pipe of `app` for `data_dir` and the user `sid`, keyed by that user's secret in
    `secret_dir` (made there on first use)."""
    key = user_secret(secret_dir)
    subject = f"{sid}\0{Path(data_dir).resolve()}".encode()
    return f"{app}-{hmac.new(key, subject, 'sha256').hexdigest()[:32]}"


def user_secret(folder: Path) -> bytes:
    """The user's key for pipe names: SECRET_BYTES random bytes, hex, in `folder`/SECRET_FILE, a
    directory only the user can enter. The file is made 0600 (on Windows it inherits the profile's
    ACL). Simultaneous first starts agree on one key: each writes a whole candidate beside it and
    links it into place, which only the first can do; the others read the winner's."""
    path = Path(folder) / SECRET_FILE
    key = _read_secret(path)
    if key is not None:
        return key
    fd, candidate = tempfile.mkstemp(prefix=f".{SECRET_FILE}-", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "w") as file:
            file.write(os.urandom(SECRET_BYTES).hex())
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(candidate, path)
        except FileExistsError:  # another start was first, and its key is the key; unless the
            if _read_secret(path) is None:  # file holds none (emptied, edited): ours replaces it
                os.replace(candidate, path)
    finally:
        Path(candidate).unlink(missing_ok=True)
    key = _read_secret(path)
    if key is None:
        raise OSError(f"{path} holds no key")
    return key


def _read_secret(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (FileNotFoundError, UnicodeDecodeError, ValueError):  # none yet, or not a key
        return None
    return key if len(key) == SECRET_BYTES else None


# -- claiming the name before Qt listens ------------------------------------------------------
class Claim(NamedTuple):
    """What claim_pipe() found: our own first instance of the pipe to close once Qt listens
    (None: there is none), and why the name must not be listened on (None: it may)."""

    handle: int | None
    problem: str | None


def claim_pipe(name: str, *, create: Callable[[str], tuple[int | None, int]] | None = None,
               tries: int = 10, pause: float = 0.1, sleep: Callable[[float], None] | None = None) -> Claim:
    """Create the first instance of pipe `name`, or find that someone else has one. A process of
    ours that has just ended can leave the name in use for a moment (a client still holding its
    end), so a refusal is believed only after `tries` attempts `pause` seconds apart. Any other
    failure claims nothing and forbids nothing: Qt's own listen then says what is wrong."""
    create, sleep = create or create_first_instance, sleep or time.sleep
    for attempt in range(tries):
        try:
            handle, error = create(name)
        except OSError:  # no kernel32 to ask: nothing to claim
            return Claim(None, None)
        if handle is not None:
            return Claim(handle, None)
        if error != ERROR_ACCESS_DENIED:
            return Claim(None, None)
        if attempt + 1 < tries:
            sleep(pause)
    return Claim(None, f"the pipe {name} was created by another process before this one")


def create_first_instance(name: str) -> tuple[int | None, int]:
    """CreateNamedPipeW with FILE_FLAG_FIRST_PIPE_INSTANCE and the modes Qt uses (qlocalserver_win.cpp,
    addListener: instances of one pipe must agree), under a DACL that lets the user alone in:
    (the handle, 0), or (None, the Windows error)."""
    if sys.platform != "win32":
        raise OSError("named pipes are a Windows matter")
    import ctypes
    from ctypes import wintypes

    duplex, overlapped, first_instance, unlimited = 0x3, 0x40000000, 0x00080000, 255
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)

    class SecurityAttributes(ctypes.Structure):
        _fields_ = [("nLength", wintypes.DWORD), ("lpSecurityDescriptor", ctypes.c_void_p),
                    ("bInheritHandle", wintypes.BOOL)]

    sid = sid_of(None)
    if sid is None:
        return None, ctypes.get_last_error()
    descriptor = ctypes.c_void_p()
    advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW.argtypes = [
        wintypes.LPCWSTR, wintypes.DWORD, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
    if not advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
            f"D:P(A;;FA;;;{sid})", 1, ctypes.byref(descriptor), None):
        return None, ctypes.get_last_error()
    try:
        attributes = SecurityAttributes(ctypes.sizeof(SecurityAttributes), descriptor, False)
        kernel32.CreateNamedPipeW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.DWORD,
                                              wintypes.DWORD, wintypes.DWORD, wintypes.DWORD, ctypes.c_void_p]
        kernel32.CreateNamedPipeW.restype = wintypes.HANDLE
        full = name if name.startswith("\\\\.\\pipe\\") else f"\\\\.\\pipe\\{name}"
        handle = kernel32.CreateNamedPipeW(full, duplex | overlapped | first_instance, 0, unlimited, 0, 0, 3000,
                                           ctypes.byref(attributes))
        if handle is None or handle == wintypes.HANDLE(-1).value:
            return None, ctypes.get_last_error()
        return int(handle), 0
    finally:
        kernel32.LocalFree.argtypes = [ctypes.c_void_p]
        kernel32.LocalFree(descriptor)


def close_handle(handle: int) -> None:
    if sys.platform != "win32":
        raise OSError("handles are a Windows matter")
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    kernel32.CloseHandle(handle)


# -- who is at the other end ------------------------------------------------------------------
# The pipe's other end is a process; its token's user SID is who runs it. A process of another
# user cannot usually even be opened for that query, which counts as a stranger too.
def pipe_peer_pid(handle: int, of_server: bool) -> int | None:
    if sys.platform != "win32":
        raise OSError("named pipes are a Windows matter")
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    query = kernel32.GetNamedPipeServerProcessId if of_server else kernel32.GetNamedPipeClientProcessId
    query.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.ULONG)]
    query.restype = wintypes.BOOL
    pid = wintypes.ULONG()
    return pid.value if query(wintypes.HANDLE(handle), ctypes.byref(pid)) else None


def sid_of(pid: int | None) -> str | None:
    """The user SID of process `pid` (None: this process) as a string, or None."""
    if sys.platform != "win32":
        raise OSError("SIDs are a Windows matter")
    import ctypes
    from ctypes import wintypes

    process_query_limited_information, token_query, token_user = 0x1000, 0x0008, 1
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    kernel32.LocalFree.argtypes = [ctypes.c_void_p]
    advapi32.OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD, ctypes.POINTER(wintypes.HANDLE)]
    advapi32.GetTokenInformation.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD,
                                             ctypes.POINTER(wintypes.DWORD)]
    advapi32.ConvertSidToStringSidW.argtypes = [ctypes.c_void_p, ctypes.POINTER(wintypes.LPWSTR)]
    if pid is None:
        process = kernel32.GetCurrentProcess()  # a pseudo-handle: nothing to close
    else:
        process = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not process:
            return None
    try:
        token = wintypes.HANDLE()
        if not advapi32.OpenProcessToken(process, token_query, ctypes.byref(token)):
            return None
        try:
            size = wintypes.DWORD()
            advapi32.GetTokenInformation(token, token_user, None, 0, ctypes.byref(size))
            buffer = ctypes.create_string_buffer(size.value)
            if not advapi32.GetTokenInformation(token, token_user, buffer, size, ctypes.byref(size)):
                return None
            sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
            text = wintypes.LPWSTR()
            if not advapi32.ConvertSidToStringSidW(sid, ctypes.byref(text)):
                return None
            try:
                return text.value
            finally:
                kernel32.LocalFree(text)
        finally:
            kernel32.CloseHandle(token)
    finally:
        if pid is not None:
            kernel32.CloseHandle(process)
