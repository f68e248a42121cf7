/**
 * Put the keyboard on the System call form, scrolled into view: on a desk the form sits below the
 * trace and the source, out of sight (the lesson notes' "Make a system call ↓", the skip links).
 */
export function focusCallForm(): void {
  const form = document.querySelector<HTMLFormElement>('form[aria-label="System call"]');
  if (!form) return;
  // The panel, so its heading ("Make a system call") comes to rest below the sticky header too.
  (form.closest("section") ?? form).scrollIntoView({ block: "start" });
  const chosen = form.querySelector<HTMLElement>("input:checked");
  (chosen ?? form.querySelector<HTMLElement>("input, select"))?.focus({ preventScroll: true });
}
