#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# QMP for the guest: scripts/vm.sh runs this next to QEMU so that a test
# inside the guest can add and release dynamic capacity as it goes.
#
#   qmp-relay.py MONITOR-SOCKET PORT-SOCKET
#
# MONITOR-SOCKET is a QMP monitor of the relay's own (the run's qmp.sock
# stays free for a person or a host script); PORT-SOCKET is the host end of
# the guest's virtio port cxl-sysram.qmp.  QEMU listens on both; the relay
# connects as soon as they exist.  The guest writes one QMP command a line
# ({"execute": ..., "arguments": ..., "id": ...}); the relay sends it and
# writes back one line, QEMU's {"return": ...} or {"error": ...}, with the
# command's id.  Asynchronous events are only logged: a guest reading its
# reply must never get an event instead.  Commands are handled one at a
# time, so a reply always belongs to the command just sent.
#
# Everything relayed is logged on stdout (vm.sh appends it to the run's
# qmp.log), stamped with seconds since the relay started, which is when
# QEMU started (the guest's uptime runs a few seconds behind).  The relay exits when QEMU closes either socket,
# i.e. when QEMU exits, and gives up if QEMU never comes up.

import json
import os
import queue
import socket
import sys
import threading
import time

CONNECT_WAIT = 60  # seconds for QEMU to create its sockets
MAX_LINE = 1 << 20  # a longer guest line is refused, not buffered

t0 = time.monotonic()


def log(what, text=''):
    print(f'{time.monotonic() - t0:10.3f} {what} {text}'.rstrip(), flush=True)


def connect(path):
    deadline = time.monotonic() + CONNECT_WAIT
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            if time.monotonic() > deadline:
                log('error', f'no QEMU socket {path} after {CONNECT_WAIT} s')
                sys.exit(1)
            time.sleep(0.02)


def lines(sock, name):
    """Yield the lines read from sock; end the relay when it closes."""
    buf = b''
    while True:
        data = sock.recv(65536)
        if not data:
            log('exit', f'{name} closed (QEMU exited)')
            # The other thread may be blocked on its own socket,
            # which closes at the same moment: do not wait for it.
            os._exit(0)
        buf += data
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            yield line
        if len(buf) > MAX_LINE:
            log('error', f'{name}: line over {MAX_LINE} bytes dropped')
            buf = b''


def qmp_reader(mon, replies):
    """Log the events, hand the greeting and the replies on."""
    for line in lines(mon, 'QMP monitor'):
        try:
            msg = json.loads(line)
        except ValueError:
            log('qemu?', line.decode(errors='replace'))
            continue
        if isinstance(msg, dict) and 'event' in msg:
            log('event', line.decode())
        else:
            replies.put(msg)


def error(desc, cmd_id=None):
    reply = {'error': {'class': 'GenericError', 'desc': f'qmp-relay: {desc}'}}
    if cmd_id is not None:
        reply['id'] = cmd_id
    return reply


def handle(line, mon, replies):
    """One guest line to one reply."""
    try:
        cmd = json.loads(line)
    except ValueError as e:
        return error(f'not JSON: {e}')
    if not isinstance(cmd, dict):
        return error('not a JSON object')
    if not isinstance(cmd.get('execute'), str):
        return error('no "execute"', cmd.get('id'))
    # Sent re-encoded: QEMU's parser is a stream, and whatever the
    # guest wrote must not leave it in the middle of a value.
    mon.sendall(json.dumps(cmd).encode() + b'\n')
    return replies.get()


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: qmp-relay.py MONITOR-SOCKET PORT-SOCKET')
    log('start', f'pid {os.getpid()}')
    mon = connect(sys.argv[1])
    port = connect(sys.argv[2])

    replies = queue.Queue()
    threading.Thread(target=qmp_reader, args=(mon, replies),
                     daemon=True).start()
    # The greeting, then capabilities negotiation: QEMU refuses
    # every other command until qmp_capabilities is done.
    log('greeting', json.dumps(replies.get()))
    mon.sendall(b'{"execute": "qmp_capabilities"}\n')
    reply = replies.get()
    if 'return' not in reply:
        log('error', f'qmp_capabilities: {json.dumps(reply)}')
        sys.exit(1)
    log('ready')

    for line in lines(port, 'guest port'):
        if not line.strip():
            continue
        log('guest>', line.decode(errors='replace'))
        out = json.dumps(handle(line, mon, replies))
        log('guest<', out)
        port.sendall(out.encode() + b'\n')


if __name__ == '__main__':
    main()
