/**
 * Whether an animation (GIF, WebM) is being recorded: it steps the run through its frames for
 * 10-25 s, and a key pressed meanwhile (here or in the notes window) moved the frame under it, so
 * the file held a frame twice and missed one; a lesson chosen meanwhile recorded the wrong run.
 * While on, the app's keys are swallowed (nav/useKeys.ts) and the Scenario picker takes no
 * pointer (`data-recording` on <html>, export.css).
 */
let on = false;

export function isRecording(): boolean {
  return on;
}

export function setRecording(now: boolean): void {
  on = now;
  if (typeof document === "undefined") return;
  if (now) document.documentElement.dataset.recording = "on";
  else delete document.documentElement.dataset.recording;
}
