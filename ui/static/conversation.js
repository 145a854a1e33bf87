// The conversation's behaviour, run once by Gradio's js_on_load (given `element`, `trigger`).
// An example question is asked; a numbered reference asks Python for the source panel;
// "Copy" puts the plain-text answer with its references on the clipboard.
const COPY_LABEL = "Copy answer with references";

const copyText = async (text) => {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // fall through to the old way (clipboard permission refused)
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (error) {
    copied = false;
  }
  area.remove();
  return copied;
};

element.addEventListener("click", async (event) => {
  const example = event.target.closest("[data-example]");
  if (example && element.contains(example)) {
    trigger("submit", { question: example.dataset.example });
    return;
  }
  const ref = event.target.closest("[data-ref]");
  if (ref && element.contains(ref)) {
    event.preventDefault();
    const { turn, ref: number } = ref.dataset;
    element.querySelectorAll(".is-active").forEach((node) => node.classList.remove("is-active"));
    element
      .querySelectorAll(`[data-turn="${turn}"][data-ref="${number}"]`)
      .forEach((node) => node.classList.add("is-active"));
    trigger("click", { turn: Number(turn), ref: Number(number) });
    return;
  }
  const copy = event.target.closest("[data-copy]");
  if (copy && element.contains(copy)) {
    const plain = element.querySelector(`#plain-${copy.dataset.copy}`);
    const copied = plain ? await copyText(plain.textContent) : false;
    copy.textContent = copied ? "Copied to the clipboard" : "Could not copy: select the text instead";
    copy.dataset.copied = String(copied);
    setTimeout(() => {
      copy.textContent = COPY_LABEL;
    }, 2500);
  }
});

// Keep the newest question in view as its answer arrives (the component scrolls itself).
const scroller = () => {
  for (let node = element; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) {
      return node;
    }
  }
  return null;
};
watch("value", () => {
  const turns = element.querySelectorAll(".turn");
  const box = scroller();
  if (!turns.length || !box) return;
  const last = turns[turns.length - 1];
  const top = last.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - 8);
});
