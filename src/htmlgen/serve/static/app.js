// The try-it page: streams /api/generate/stream (Server-Sent Events over a POST) into the
// source pane and a sandboxed preview. Generated text only ever goes into textContent and srcdoc.
"use strict";

(() => {
  const app = document.getElementById("app");
  const form = document.getElementById("generate-form");
  const promptBox = document.getElementById("prompt");
  const maxNewTokens = document.getElementById("max-new-tokens");
  const temperature = document.getElementById("temperature");
  const seed = document.getElementById("seed");
  const generateButton = document.getElementById("generate");
  const stopButton = document.getElementById("stop");
  const statusLine = document.getElementById("status");
  const source = document.getElementById("source");
  const preview = document.getElementById("preview");

  const PREVIEW_EVERY_MS = 300; // re-rendering the preview on every token would flicker
  let controller = null;
  let html = "";
  let previewTimer = null;

  function showStatus(text, isError = false) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", isError);
  }

  function renderPreview() {
    clearTimeout(previewTimer);
    previewTimer = null;
    preview.srcdoc = html;
  }

  function schedulePreview() {
    if (previewTimer === null) previewTimer = setTimeout(renderPreview, PREVIEW_EVERY_MS);
  }

  function requestBody() {
    const body = {
      prompt: promptBox.value,
      max_new_tokens: Number(maxNewTokens.value),
      temperature: Number(temperature.value),
    };
    if (seed.value !== "") body.seed = Number(seed.value);
    return body;
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      return `${response.status}: ${body.error.message}`;
    } catch {
      return `${response.status} ${response.statusText}`;
    }
  }

  // One SSE block: "event: NAME" and "data: JSON" lines; lines starting with ":" are comments.
  function dispatch(block, handlers) {
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data += line.slice(5).trimStart();
    }
    if (data && handlers[event]) handlers[event](JSON.parse(data));
  }

  async function readEvents(response, handlers) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        dispatch(buffer.slice(0, end), handlers);
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function setBusy(busy) {
    generateButton.disabled = busy;
    stopButton.disabled = !busy;
    app.classList.toggle("busy", busy);
  }

  async function generate(event) {
    event.preventDefault();
    html = "";
    source.textContent = "";
    renderPreview();
    controller = new AbortController();
    setBusy(true);
    showStatus("Generating…");
    try {
      const response = await fetch(app.dataset.streamUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(requestBody()),
        signal: controller.signal,
      });
      if (!response.ok) {
        showStatus(await errorMessage(response), true);
        return;
      }
      await readEvents(response, {
        token: (data) => {
          html += data.text;
          source.textContent = html;
          schedulePreview();
        },
        done: (data) => showStatus(
          `Done (${data.finish_reason}): ${data.usage.completion_tokens} tokens in ${data.latency_ms} ms, seed ${data.seed}`),
        error: (data) => showStatus(`Error: ${data.error.message}`, true),
      });
    } catch (err) {
      showStatus(err.name === "AbortError" ? "Stopped." : `Error: ${err.message}`, err.name !== "AbortError");
    } finally {
      setBusy(false);
      renderPreview();
    }
  }

  form.addEventListener("submit", generate);
  stopButton.addEventListener("click", () => controller && controller.abort());
})();
