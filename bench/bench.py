#!/usr/bin/env python3
"""VINR portal benchmarks: every figure is a ratio to a ceiling measured in the same run.

Builds the host in Release, starts it on loopback with a fresh SQLite file and the demo data, and
measures (PRODUCT.md section 7):
  1. session creates/s (wrk -t2 -c64)      vs the bare endpoint's requests/s        goal >= 0.15 x
  2. session create p99 at 8 connections   vs the bare endpoint's p99 at 8           goal <= 3 x
  3. link redemption p99, one client       vs the bare endpoint's p99, one client    goal <= 2 x
  4. invoice history first page, p50       at 100,000 invoices vs at 100              goal <= 1.5 x
  5. portal time to interactive after Continue, p50 and p95, in headless Chromium (bench/PortalBench)
                                           vs the same steps on a static page          goal p50 <= 2 x, p95 <= 2.5 x
  6. managed memory per idle overview circuit (RSS reported too)
                                           vs per circuit of a minimal counter page    goal <= 2 x

Usage: python3 bench/bench.py [--seconds 10] [--redemptions 400]
       python3 bench/bench.py --smoke     every step for a second or a few requests, no goals: CI runs it so the benchmarks cannot rot
Needs: the .NET SDK, wrk (apt-get install -y wrk). Writes bench/results.md (not in smoke mode).
"""
import argparse, base64, http.client, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.parse

KEY = "sk_test_AcmeDemo4eC39HqLyjWDarjtT1zdp7dc"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url, connections, seconds, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "VINR_KEY": KEY}, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{url}: {errors.group(1)} non-2xx responses\n{out}")
    return rps, float(p99.group(1)) * scale


def p99(samples):
    return statistics.quantiles(samples, n=100)[98]


def one_client_bare(port, n):
    conn, samples = http.client.HTTPConnection("127.0.0.1", port), []
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", "/bench/bare")
        conn.getresponse().read()
        samples.append((time.perf_counter() - start) * 1000)
    return p99(samples)


def one_client_redemptions(port, n):
    """Mint n links, then for each: GET the page (untimed), time only the POST that redeems it."""
    api, samples = http.client.HTTPConnection("127.0.0.1", port), []
    body = "customer=cust_8aZ2&return_url=https%3A%2F%2Fexample.com%2Faccount"
    paths = []
    for _ in range(n):
        api.request("POST", "/v1/billing-portal/sessions", body, {"X-Api-Key": KEY, "Content-Type": "application/x-www-form-urlencoded"})
        url = re.search(r'"url":"([^"]+)"', api.getresponse().read().decode()).group(1)
        paths.append(urllib.parse.urlparse(url).path)
    browser = http.client.HTTPConnection("127.0.0.1", port)
    for path in paths:
        browser.request("GET", path)
        page = browser.getresponse()
        html = page.read().decode()
        cookie = "; ".join(c.split(";")[0] for c in page.headers.get_all("Set-Cookie"))
        token = re.search(r'name="__RequestVerificationToken" value="([^"]+)"', html).group(1)
        form = urllib.parse.urlencode({"__RequestVerificationToken": token})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Sec-Fetch-Site": "same-origin"}
        start = time.perf_counter()
        browser.request("POST", path, form, headers)
        response = browser.getresponse()
        response.read()
        samples.append((time.perf_counter() - start) * 1000)
        if response.status != 303:
            sys.exit(f"redemption answered {response.status}")
    return p99(samples)


def seed_invoices(db_path, customer_id, count):
    """Copies the demo customer and one of its invoices into a customer with `count` invoices."""
    import sqlite3
    con = sqlite3.connect(db_path, timeout=30)
    cols = [r[1] for r in con.execute("PRAGMA table_info(Customers)")]
    select = ", ".join("?" if c == "Id" else c for c in cols)
    con.execute(f"INSERT INTO Customers ({', '.join(cols)}) SELECT {select} FROM Customers WHERE Id = 'cust_8aZ2'", (customer_id,))
    cols = [r[1] for r in con.execute("PRAGMA table_info(Invoices)")]
    values = {"Id": f"'in_{customer_id}_' || i", "CustomerId": f"'{customer_id}'", "SubscriptionId": "NULL",
              "Number": f"'{customer_id}-' || i", "Created": "Created - i * 60000"}
    select = ", ".join(values.get(c, c) for c in cols)
    con.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
        INSERT INTO Invoices ({', '.join(cols)}) SELECT {select} FROM n,
        (SELECT * FROM Invoices WHERE CustomerId = 'cust_8aZ2' LIMIT 1)""")
    con.commit()
    con.close()


def portal_cookie(port, customer_id):
    """Mints a session for the customer through the API and presses Continue, as a browser would."""
    api = http.client.HTTPConnection("127.0.0.1", port)
    api.request("POST", "/v1/billing-portal/sessions", f"customer={customer_id}&return_url=https%3A%2F%2Fexample.com",
                {"X-Api-Key": KEY, "Content-Type": "application/x-www-form-urlencoded"})
    path = urllib.parse.urlparse(re.search(r'"url":"([^"]+)"', api.getresponse().read().decode()).group(1)).path
    browser = http.client.HTTPConnection("127.0.0.1", port)
    browser.request("GET", path)
    page = browser.getresponse()
    html = page.read().decode()
    cookie = "; ".join(c.split(";")[0] for c in page.headers.get_all("Set-Cookie"))
    token = re.search(r'name="__RequestVerificationToken" value="([^"]+)"', html).group(1)
    browser.request("POST", path, urllib.parse.urlencode({"__RequestVerificationToken": token}),
                    {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Sec-Fetch-Site": "same-origin"})
    redeemed = browser.getresponse()
    redeemed.read()
    return "; ".join(c.split(";")[0] for c in redeemed.headers.get_all("Set-Cookie"))


def history_p50(port, cookie, n):
    conn, samples = http.client.HTTPConnection("127.0.0.1", port), []
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", "/invoices", headers={"Cookie": cookie})
        response = conn.getresponse()
        body = response.read()
        samples.append((time.perf_counter() - start) * 1000)
        if response.status != 200 or b"invoice-link" not in body:
            sys.exit(f"/invoices answered {response.status}")
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--redemptions", type=int, default=400)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.redemptions = 1, 20
    warm, large_count, samples = (1, 1_000, 20) if args.smoke else (3, 100_000, 200)

    work = tempfile.mkdtemp(prefix="vinr-bench-")
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src/Portal"), "-c", "Release", "-o", f"{work}/app", "--nologo", "-v", "q"], check=True)
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "bench/PortalBench"), "-c", "Release", "-o", f"{work}/browser", "--nologo", "-v", "q"], check=True)
    tti_runs, circuits = (3, 3) if args.smoke else (50, 20)
    port = free_port()
    env = {**os.environ, "ASPNETCORE_URLS": f"http://127.0.0.1:{port}", "Database__ConnectionString": f"Data Source={work}/bench.db",
           "Payments__FingerprintKey": base64.b64encode(os.urandom(32)).decode(),
           "Demo__Seed": "true", "Demo__PrintLinkOnStartup": "false", "Bench__Enabled": "true",
           # One benchmark client redeems hundreds of links a minute; the product would (rightly) throttle it.
           "Portal__RedeemAttemptsPerClientPerMinute": "1000000",
           # Likewise the API's limits (100 requests per second per key): the benchmark measures the path, not the limit.
           "Api__RateLimits__RequestsPerKey": "1000000", "Api__RateLimits__RequestsPerClient": "1000000"}
    log = open(f"{work}/app.log", "w")
    # Outside Development the app does not migrate at start-up: the release step does, as in production.
    subprocess.run(["dotnet", f"{work}/app/Vinr.Portal.dll", "migrate"], cwd=f"{work}/app", env=env, stdout=log, stderr=log, check=True)
    app = subprocess.Popen(["dotnet", f"{work}/app/Vinr.Portal.dll"], cwd=f"{work}/app", env=env, stdout=log, stderr=log)
    try:
        for _ in range(150):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                probe.request("GET", "/readyz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            sys.exit("the app did not become ready:\n" + open(f"{work}/app.log").read())
        base = f"http://127.0.0.1:{port}"
        wrk(f"{base}/bench/bare", 64, warm)  # warm-up: JIT, pools
        wrk(f"{base}/v1/billing-portal/sessions", 64, warm, f"{ROOT}/bench/create-session.lua")
        bare_rps, _ = wrk(f"{base}/bench/bare", 64, args.seconds)
        create_rps, _ = wrk(f"{base}/v1/billing-portal/sessions", 64, args.seconds, f"{ROOT}/bench/create-session.lua")
        _, bare_p99_8 = wrk(f"{base}/bench/bare", 8, args.seconds)
        _, create_p99_8 = wrk(f"{base}/v1/billing-portal/sessions", 8, args.seconds, f"{ROOT}/bench/create-session.lua")
        one_client_redemptions(port, args.redemptions // 4)  # warm-up
        bare_p99_1 = one_client_bare(port, args.redemptions)
        redeem_p99_1 = one_client_redemptions(port, args.redemptions)
        seed_invoices(f"{work}/bench.db", "cust_bench100", 100)
        seed_invoices(f"{work}/bench.db", "cust_bench100k", large_count)
        small, large = portal_cookie(port, "cust_bench100"), portal_cookie(port, "cust_bench100k")
        history_p50(port, small, 20), history_p50(port, large, 20)  # warm-up
        history_small = history_p50(port, small, samples)
        history_large = history_p50(port, large, samples)
        browser = subprocess.run(["dotnet", f"{work}/browser/PortalBench.dll", base, KEY, str(tti_runs), str(circuits)], capture_output=True, text=True)
        if browser.returncode != 0:
            sys.exit(f"PortalBench failed:\n{browser.stdout}\n{browser.stderr}")
        tti = {name: (float(a), float(b)) for name, a, b in (line.split() for line in browser.stdout.splitlines() if line.strip())}
    finally:
        app.send_signal(signal.SIGINT)
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # A loaded machine can outlast the graceful shutdown; the figures are taken already.
            app.kill()
            app.wait()
        shutil.rmtree(work, ignore_errors=True)

    rows = [
        ("session creates/s, -c64", f"{create_rps:,.0f}/s", f"{bare_rps:,.0f}/s", create_rps / bare_rps, ">= 0.15", create_rps / bare_rps >= 0.15),
        ("session create p99, -c8", f"{create_p99_8:.2f} ms", f"{bare_p99_8:.2f} ms", create_p99_8 / bare_p99_8, "<= 3", create_p99_8 / bare_p99_8 <= 3),
        ("link redemption p99, one client", f"{redeem_p99_1:.2f} ms", f"{bare_p99_1:.2f} ms", redeem_p99_1 / bare_p99_1, "<= 2", redeem_p99_1 / bare_p99_1 <= 2),
        (f"invoice history first page p50, {large_count:,} invoices (ceiling: 100)", f"{history_large:.2f} ms", f"{history_small:.2f} ms",
         history_large / history_small, "<= 1.5", history_large / history_small <= 1.5),
        (f"portal time to interactive after Continue, p50 of {tti_runs} (ceiling: static page)", f"{tti['portal_tti'][0]:.0f} ms", f"{tti['static_tti'][0]:.0f} ms",
         tti['portal_tti'][0] / tti['static_tti'][0], "<= 2", tti['portal_tti'][0] / tti['static_tti'][0] <= 2),
        (f"portal time to interactive after Continue, p95 of {tti_runs} (ceiling: static page)", f"{tti['portal_tti'][1]:.0f} ms", f"{tti['static_tti'][1]:.0f} ms",
         tti['portal_tti'][1] / tti['static_tti'][1], "<= 2.5", tti['portal_tti'][1] / tti['static_tti'][1] <= 2.5),
        (f"managed memory per idle overview circuit, {circuits} open (ceiling: counter page)", f"{tti['memory_overview'][0] / 1024:,.0f} KiB",
         f"{tti['memory_counter'][0] / 1024:,.0f} KiB", tti['memory_overview'][0] / tti['memory_counter'][0], "<= 2",
         tti['memory_overview'][0] / tti['memory_counter'][0] <= 2),
        (f"resident memory per idle overview circuit, {circuits} open (ceiling: counter page)", f"{tti['memory_overview'][1] / 1024:,.0f} KiB",
         f"{tti['memory_counter'][1] / 1024:,.0f} KiB", tti['memory_overview'][1] / tti['memory_counter'][1], "(reported)", True),
    ]
    header = ("Smoke run (CI): every step ran; a second per wrk run is too short for these figures to mean anything." if args.smoke else
              f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, SQLite, Release, {args.seconds} s per wrk run.")
    lines = [header, "",
             "| what | measured | ceiling (same run) | ratio | goal | met |", "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {w} | {m} | {c} | {r:.2f} x | {g} | {'yes' if ok else 'NO'} |" for w, m, c, r, g, ok in rows]
    report = "\n".join(lines)
    print(report)
    if not args.smoke:
        with open(os.path.join(ROOT, "bench/results.md"), "w") as f:
            f.write(report + "\n")


if __name__ == "__main__":
    main()
