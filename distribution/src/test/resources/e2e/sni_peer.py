#!/usr/bin/env python3
"""Peers for SniNetnsTest that speak TCP around a real ClientHello (made by Python's ssl module for the name asked).

  sink PORT                         for each connection: read to end of stream, answer the sha256 of it, close
  send HOST PORT NAME FILE PAUSE_MS  send a ClientHello for NAME (in two segments PAUSE_MS apart when > 0), then FILE,
                                     half-close, read the answer; exit 0 when it is the sha256 of everything sent
  garbage HOST PORT                 send plain text; exit 0 when the peer closes within 5 s
"""
import hashlib, socket, ssl, sys, threading, time


def sink(port):
    server = socket.create_server(("0.0.0.0", port), backlog=64)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=drain, args=(conn,), daemon=True).start()


def drain(conn):
    digest = hashlib.sha256()
    while True:
        data = conn.recv(1 << 16)
        if not data:
            break
        digest.update(data)
    conn.sendall((digest.hexdigest() + "\n").encode())
    conn.close()


def hello_for(name):
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ssl.create_default_context().wrap_bio(incoming, outgoing, server_hostname=name)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def send(host, port, name, path, pause_ms):
    hello = hello_for(name)
    expected = hashlib.sha256(hello)
    conn = socket.create_connection((host, port), timeout=60)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if pause_ms > 0:
        conn.sendall(hello[:11])
        time.sleep(pause_ms / 1000)
        conn.sendall(hello[11:])
    else:
        conn.sendall(hello)
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 16)
            if not chunk:
                break
            expected.update(chunk)
            conn.sendall(chunk)
    conn.shutdown(socket.SHUT_WR)
    answer = b""
    while True:
        data = conn.recv(4096)
        if not data:
            break
        answer += data
    print("sent", expected.hexdigest(), "answer", answer.decode().strip())
    return 0 if answer.decode().strip() == expected.hexdigest() else 1


def garbage(host, port):
    conn = socket.create_connection((host, port), timeout=5)
    conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        closed = conn.recv(4096) == b""
    except ConnectionResetError:
        closed = True
    print("closed" if closed else "answered")
    return 0 if closed else 1


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "sink":
        sink(int(sys.argv[2]))
    elif mode == "send":
        sys.exit(send(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])))
    else:
        sys.exit(garbage(sys.argv[2], int(sys.argv[3])))
