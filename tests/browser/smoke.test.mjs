// Kallos in headless Chromium: sign in, open a society page and its members,
// edit a member, sign out; right-to-left Arabic; forms without JavaScript;
// labels for every field. The test starts the real binary on a free port.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.env.KALLOS_BIN ?? resolve(here, "../../target/debug/kallos");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const screenshots = resolve(here, "../../target/browser");

let server;
let base;
let browser;
let dataDir;
let exited;
let stopped; // how kallos ended, once it has

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

// Polls /healthz until it answers 200; gives up when kallos exits or at the deadline.
async function waitForHealth(url, deadline) {
  while (Date.now() < deadline) {
    if (stopped) throw new Error(`kallos (${binary}) stopped before it was healthy: ${JSON.stringify(stopped)}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("kallos did not become healthy within 60 s");
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "kallos-browser-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ["--data-dir", dataDir, "serve", "--demo", "--addr", `127.0.0.1:${port}`], {
    // Only our settings: no KALLOS_* from outside, no kallos.toml from the working directory.
    cwd: dataDir,
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("KALLOS_"))), KALLOS_LOG: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  exited = new Promise((done) => {
    server.once("error", (error) => done((stopped = { error: error.message })));
    server.once("exit", (code, signal) => done((stopped = { code, signal })));
  });
  await waitForHealth(base, Date.now() + 60_000);
  // playwright-core gives each launch a fresh, temporary user-data-dir.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server) {
    if (!stopped) server.kill("SIGTERM");
    const { code, signal, error } = await exited;
    assert.equal(code, 0, `SIGTERM stops kallos gracefully (exit code ${code}, signal ${signal}, ${error ?? "no error"})`);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(page, email) {
  await page.goto(`${base}/`);
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await page.fill("#email", email);
  await page.fill("#password", "kallos-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`);
}

test("an administrator signs in, opens the society and its members, edits one, signs out", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "admin.sbcp@example.org");
  assert.match(await page.textContent("header"), /Signed in as/);

  await page.goto(`${base}/societies/SBCP`);
  assert.match(await page.textContent("h1"), /Sociedade Brasileira de Cirurgia Plástica/);
  await page.getByRole("link", { name: /^Members \(/ }).click();
  await page.waitForURL(`${base}/societies/SBCP/members`);
  const rows = await page.locator("table.data tbody tr").count();
  assert.ok(rows > 10, `members listed: ${rows}`);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, "members.png"), fullPage: true });

  await page.locator("table.data tbody tr a").first().click();
  await page.waitForURL(/\/societies\/SBCP\/members\/[^/]+$/);
  await page.fill("#city", "Olinda");
  await page.getByRole("button", { name: "Save" }).click();
  assert.match(await page.textContent(".flash"), /Saved\./);
  assert.equal(await page.inputValue("#city"), "Olinda");
  await page.screenshot({ path: join(screenshots, "member.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  assert.match(await page.textContent("main"), /You are signed out\./);
  await page.goto(`${base}/societies/SBCP/members`);
  assert.ok(page.url().startsWith(`${base}/sign-in?next=`), page.url());
  await context.close();
});

test("every language: the browser's, the switch and the shareable address; Arabic right to left", async () => {
  mkdirSync(screenshots, { recursive: true });
  const languages = { en: "en-GB", es: "es-MX", pt: "pt-BR", fr: "fr-FR", ar: "ar", tr: "tr-TR" };
  for (const [code, locale] of Object.entries(languages)) {
    const dir = code === "ar" ? "rtl" : "ltr";
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${base}/societies`);
    assert.equal(await page.getAttribute("html", "lang"), code, `${locale} chooses ${code}`);
    assert.equal(await page.getAttribute("html", "dir"), dir);
    assert.equal(await page.locator("nav.languages li").count(), 6, "the switch offers six languages");
    if (code === "ar" || code === "tr") await page.screenshot({ path: join(screenshots, `societies-${code}.png`) });
    // The shareable form wins over the browser's language for that address.
    const other = code === "ar" ? "tr" : "ar";
    await page.goto(`${base}/directory?lang=${other}`);
    assert.equal(await page.getAttribute("html", "lang"), other);
    assert.equal(await page.getAttribute("html", "dir"), other === "ar" ? "rtl" : "ltr");
    // The switch remembers a choice for the next pages.
    await page.goto(`${base}/`);
    await page.locator(`nav.languages a[hreflang="${other}"]`).click();
    await page.waitForURL(`${base}/`);
    assert.equal(await page.getAttribute("html", "lang"), other);
    await page.goto(`${base}/statistics`);
    assert.equal(await page.getAttribute("html", "lang"), other);
    await context.close();
  }
});

test("signing in works without JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "member.demo@example.org");
  assert.match(await page.textContent("header"), /Signed in as/);
  await page.goto(`${base}/me`);
  assert.match(await page.textContent("h1"), /\S/);
  assert.equal(await page.locator("#city").count(), 1, "the member's own profile form");
  await context.close();
});

test("every field has a label; one h1 and one main per page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "admin.sbcp@example.org");
  await page.goto(`${base}/societies/SBCP/members`);
  const memberEdit = new URL(await page.locator("table.data tbody tr a").first().getAttribute("href"), base).pathname;
  const forms = ["/sign-in", memberEdit, "/societies/SBCP/members/new", "/societies/SBCP/registry", "/societies/SBCP/registry/cases/new",
    "/safety/planner?p=BE-ABDO&p=FH-RHINO&surgery=2027-03-01&age=63&f=hormones"];
  for (const path of [...forms, "/", "/societies", "/societies/SBCP"]) {
    await page.goto(`${base}${path}`);
    assert.equal(await page.locator("h1").count(), 1, `one h1 on ${path}`);
    assert.equal(await page.locator("main").count(), 1, `one main on ${path}`);
    if (!forms.includes(path)) continue;
    const fields = await page.$$eval("input:not([type=hidden]), select, textarea", (all) =>
      all.map((f) => ({ name: f.name || f.type, labelled: !!f.id && !!document.querySelector(`label[for="${CSS.escape(f.id)}"]`) })),
    );
    assert.ok(fields.length > 0, `fields on ${path}`);
    const unlabelled = fields.filter((f) => !f.labelled).map((f) => f.name);
    assert.deepEqual(unlabelled, [], `fields without a <label for> on ${path}`);
  }
  await context.close();
});

test("membership: a member applies and reads the explanation; the society's administrator approves; every field has a label", async () => {
  const labelled = async (page, path) => {
    assert.equal(await page.locator("h1").count(), 1, `one h1 on ${path}`);
    const fields = await page.$$eval("input:not([type=hidden]), select, textarea", (all) =>
      all.map((f) => ({ name: f.name || f.type, labelled: !!f.id && !!document.querySelector(`label[for="${CSS.escape(f.id)}"]`) })),
    );
    assert.ok(fields.length > 0, `fields on ${path}`);
    assert.deepEqual(fields.filter((f) => !f.labelled).map((f) => f.name), [], `fields without a <label for> on ${path}`);
  };
  const member = await browser.newContext();
  let page = await member.newPage();
  await signIn(page, "member.demo@example.org");
  await page.goto(`${base}/me/membership`);
  await labelled(page, "/me/membership");
  await page.selectOption("#society", "TAS");
  await page.selectOption("#membership_type", "active");
  await page.check("#attest_ethics");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/\/me\/membership\/applications\/\d+/);
  const id = new URL(page.url()).pathname.split("/").pop();
  const explained = await page.textContent("main");
  assert.match(explained, /Evaluation, criterion by criterion/);
  assert.match(explained, /Code of ethics attested in the last year\s*Met/);
  assert.match(explained, /no sponsors named/);
  await member.close();

  const admin = await browser.newContext();
  page = await admin.newPage();
  await signIn(page, "admin.tas@example.org");
  await page.goto(`${base}/societies/TAS/applications/${id}`);
  await labelled(page, `/societies/TAS/applications/${id}`);
  await page.check("#decision-approve");
  await page.fill("#reason", "Sponsors confirmed by telephone");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await page.waitForURL(/done=decided/);
  assert.match(await page.textContent("main"), /Approved[\s\S]*Sponsors confirmed by telephone/);
  for (const path of ["/societies/TAS/criteria"]) {
    await page.goto(`${base}${path}`);
    await labelled(page, path);
  }
  await page.goto(`${base}/societies/TAS/members`);
  const first = new URL(await page.locator("table.data tbody tr a").first().getAttribute("href"), base).pathname;
  await page.goto(`${base}${first}/membership`);
  await labelled(page, `${first}/membership`);
  await admin.close();
});
