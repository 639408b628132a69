// The ingest page: paste an article or pick a JSON lines file; the server runs the pipeline and reports progress.
import { state } from "./state.js";
import { $, api, el, plural, put, toast } from "./util.js";

export function showIngest(onDone) {
  const box = $("#ingest");
  if (!state.info.writable) {
    put(box, el("p", { class: "lead", text: "This server does not take new articles: writes are off. Start it with a token (polemos serve --token T) to add articles from this page." }));
    return;
  }
  const token = el("input", { type: "password", name: "token", autocomplete: "off", required: true,
                              value: sessionStorage.getItem("polemos-token") || "" });
  const date = el("input", { type: "date", name: "date", required: true });
  const text = el("textarea", { name: "text", rows: 10, placeholder: "Paste the article text" });
  const file = el("input", { type: "file", accept: ".jsonl,.ndjson,.txt" });
  const outlet = el("input", { name: "outlet", placeholder: "optional" });
  const title = el("input", { name: "title", placeholder: "optional" });
  const progress = el("div", { class: "progress", hidden: true });
  const form = el("form", { class: "ingest-form" },
    el("label", {}, "Token", token),
    el("div", { class: "row" }, el("label", {}, "Publication date", date), el("label", {}, "Outlet", outlet)),
    el("label", {}, "Title", title),
    el("label", {}, "Text", text),
    el("label", {}, "…or a JSON lines file (one {\"date\", \"text\", …} per line)", file),
    el("button", { type: "submit" }, "Run the pipeline"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    let articles;
    try {
      articles = file.files.length ? await readJsonl(file.files[0])
        : [{ date: date.value, text: text.value, outlet: outlet.value || null, title: title.value || null }];
    } catch (e) {
      toast(e.message);
      return;
    }
    if (!articles.length || articles.some((a) => !a.text || !a.date)) {
      toast("Each article needs a date and a text.");
      return;
    }
    sessionStorage.setItem("polemos-token", token.value);
    runJob(articles, token.value, progress, onDone);
  });
  put(box, el("p", { class: "lead", text: "Articles run through the pipeline on the server; their events join the map when done." }), form, progress);
}

async function readJsonl(f) {
  const lines = (await f.text()).split(/\r?\n/).filter((l) => l.trim());
  if (lines.length > 100) throw new Error("At most 100 articles at a time.");
  return lines.map((l, i) => {
    try {
      const o = JSON.parse(l);
      return { id: o.id != null ? String(o.id) : null, date: o.date, text: o.text, url: o.url || null,
               outlet: o.outlet || null, title: o.title || null, language: o.language || null, side: o.side || null };
    } catch (e) {
      throw new Error(`Line ${i + 1} is not JSON.`);
    }
  });
}

async function runJob(articles, token, box, onDone) {
  const auth = { Authorization: "Bearer " + token, "Content-Type": "application/json", Accept: "application/json" };
  const bar = el("progress", { max: articles.length, value: 0 });
  const label = el("span", { text: "Sending…" });
  box.hidden = false;
  put(box, el("h2", { text: "Progress" }), bar, label);
  let job;
  try {
    job = await api("/api/articles", null, { method: "POST", headers: auth, body: JSON.stringify({ articles }) });
  } catch (e) {
    label.textContent = e.status === 401 ? "The token was refused." : "Failed: " + e.message;
    return;
  }
  const words = { queued: "Waiting", loading: "Loading the language model", running: "Reading articles",
                  fusing: "Fusing with stored events", done: "Done", failed: "Failed" };
  while (true) {
    bar.value = job.done;
    label.textContent = ` ${words[job.state] || job.state}: ${job.done} of ${job.total} articles`;
    if (job.state === "done" || job.state === "failed") break;
    await new Promise((r) => setTimeout(r, 600));
    try {
      job = await api("/api/jobs/" + encodeURIComponent(job.id), null, { headers: auth });
    } catch (e) {
      label.textContent = "Lost track of the job: " + e.message;
      return;
    }
  }
  if (job.state === "failed") {
    box.append(el("p", { class: "hint", text: job.error || "failed" }));
    return;
  }
  box.append(el("p", { text: `${plural(job.events, "event record")} found.` }),
    job.skipped.length ? el("ul", {}, ...job.skipped.map((s) => el("li", { text: s }))) : null,
    el("ul", {}, ...job.article_ids.map((id) => el("li", {}, el("a", { href: "#/article/" + encodeURIComponent(id), text: id })))));
  await onDone();
}

