import { useState } from "react";
import {
  selectCalls,
  selectInit,
  selectLayout,
  selectOpening,
  selectReplacing,
  selectScenario,
  selectTitle,
  selectUndo,
  useApp,
  useRunStore,
} from "./app.ts";
import { CallsMade, Placement, WhereItWent } from "./CallPlacement.tsx";
import {
  buildStep,
  CALL_INITIAL,
  type CallOp,
  type CallValues,
  callDefaultsFor,
  type Errors,
  errorsFromWorker,
  FIELDS_OF,
  type Field,
  FLAGS,
  MODE_FLAGS,
  MODES,
  OPS,
} from "./callForm.ts";
import { Checks, FieldBox } from "./fields.tsx";

/**
 * Why a call was not made: the run it would be placed in is being replaced, or the last call is
 * not answered yet (store.call).
 */
const NOT_NOW =
  "Not made: a new run is starting (a scenario loading, a rerun not yet at its frame, or the last call not yet run). Call again once its frames appear; the form keeps what you typed.";

/** What a box for a number takes: a numeric keyboard on a tablet. */
const NUMERIC = { inputMode: "numeric" } as const;

export default function SyscallForm() {
  const init = useApp(selectInit);
  const layout = useApp(selectLayout);
  const calls = useApp(selectCalls);
  const undo = useApp(selectUndo);
  const scenario = useApp(selectScenario);
  const run = useRunStore();
  const [v, setV] = useState<CallValues>(() => callDefaultsFor(scenario, CALL_INITIAL));
  const [local, setLocal] = useState<Errors>({});
  const [dropLater, setDropLater] = useState(false);
  const [lastId, setLastId] = useState<number | null>(null);
  const last = calls.find((c) => c.id === lastId);
  // A refusal (NOT_NOW) is said until the new run is on screen, not until a field is edited.
  const replacing = useApp(selectReplacing);
  const opening = useApp(selectOpening);
  if (local.form === NOT_NOW && !replacing && opening === null) setLocal({});
  const errors: Errors = { ...(last ? errorsFromWorker(last.errors) : {}), ...local };
  const threads =
    layout?.processes.flatMap((p) => p.threads.map((t) => ({ ...t, pid: p.pid }))) ?? [];
  const cpus = init?.nodes.flatMap((n) => n.cpus.map((c) => ({ cpu: c, node: n.id }))) ?? [];
  // The thread shown is the one that calls: a thread chosen at another frame (a forked child,
  // before its fork) is not among the options here, and the box shows the first instead.
  const tid = threads.some((t) => String(t.tid) === v.tid) ? v.tid : String(threads[0]?.tid ?? "");
  const fields = FIELDS_OF[v.op];
  const has = (f: Field) => fields.includes(f);
  // A different scenario brings its own defaults; a restart (same title) keeps what was typed.
  const title = useApp(selectTitle);
  const [shownFor, setShownFor] = useState(title);
  if (title !== shownFor) {
    setShownFor(title);
    setV(callDefaultsFor(scenario, CALL_INITIAL));
  }
  // An edit starts the next call: the last one's return value and place no longer belong beside
  // the button (they came back beside "Call mbind" after a touch); the calls list keeps them.
  // A call still running keeps its place there: its answer, or why it was refused, is to come.
  const set = (patch: Partial<CallValues>) => {
    setV({ ...v, ...patch });
    setLocal({});
    if (last?.ret !== null) setLastId(null);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const built = buildStep({
      ...v,
      tid,
      cpu: v.cpu || String(cpus[0]?.cpu ?? ""),
      childCpu: v.childCpu || String(cpus[0]?.cpu ?? ""),
    });
    if ("errors" in built) {
      setLocal(built.errors);
      return;
    }
    const id = run.getState().call(built.step, dropLater);
    if (id === null) {
      setLocal({ form: NOT_NOW });
      return;
    }
    setLocal({});
    // Dropping steps is a choice for one call: left ticked, the next call (after an Undo, say)
    // would drop the steps after it too, without the user asking again.
    setDropLater(false);
    // The frame counter stays in sight (the header is sticky), and the form stays where it is
    // (anchorColumn.ts): its answer appears under the button.
    setLastId(id);
  };

  const cpuSelect = (id: string, label: string, value: string, key: "cpu" | "childCpu") => (
    <FieldBox id={id} label={label} error={errors[key]}>
      {(a) => (
        <select
          {...a}
          value={value || String(cpus[0]?.cpu ?? "")}
          onChange={(e) => set({ [key]: e.currentTarget.value })}
        >
          {cpus.map((c) => (
            <option key={c.cpu} value={c.cpu}>
              cpu {c.cpu} (node {c.node})
            </option>
          ))}
        </select>
      )}
    </FieldBox>
  );

  /** A text box for one of the call's values (an address, a count, a pid). */
  type TextKey = "addr" | "pages" | "maxnode" | "childPid" | "childTid";
  const textField = (id: string, label: string, key: TextKey, extra: object = NUMERIC) => (
    <FieldBox id={id} label={label} error={errors[key]}>
      {(a) => (
        <input
          {...a}
          {...extra}
          value={v[key]}
          onChange={(e) => set({ [key]: e.currentTarget.value })}
        />
      )}
    </FieldBox>
  );

  return (
    <section className="panel syscall" aria-labelledby="syscall-title">
      <h2 id="syscall-title">Make a system call</h2>
      <form aria-label="System call" onSubmit={submit} noValidate>
        <fieldset className="ops">
          <legend>Call</legend>
          {OPS.map((op) => (
            <label key={op} className={v.op === op ? "on" : ""}>
              <input
                type="radio"
                name="op"
                value={op}
                checked={v.op === op}
                onChange={() => set({ op: op as CallOp })}
              />
              {op}
            </label>
          ))}
        </fieldset>
        <div className="row">
          <FieldBox id="call-tid" label="Thread" error={errors.tid}>
            {(a) => (
              <select {...a} value={tid} onChange={(e) => set({ tid: e.currentTarget.value })}>
                {threads.length === 0 && <option value="">no thread</option>}
                {threads.map((t) => (
                  <option key={t.tid} value={t.tid}>
                    tid {t.tid} (pid {t.pid}, cpu {t.cpu})
                  </option>
                ))}
              </select>
            )}
          </FieldBox>
          {has("addr") && textField("call-addr", "Address", "addr", { spellCheck: false })}
          {has("pages") && textField("call-pages", "Pages", "pages")}
          {has("access") && (
            <FieldBox id="call-access" label="Access" error={errors.access}>
              {(a) => (
                <select
                  {...a}
                  value={v.access}
                  onChange={(e) => set({ access: e.currentTarget.value as "read" | "write" })}
                >
                  <option value="write">write</option>
                  <option value="read">read</option>
                </select>
              )}
            </FieldBox>
          )}
          {has("mode") && (
            <FieldBox id="call-mode" label="Mode" error={errors.mode}>
              {(a) => (
                <select
                  {...a}
                  value={v.mode}
                  onChange={(e) => set({ mode: e.currentTarget.value })}
                >
                  {MODES.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              )}
            </FieldBox>
          )}
          {has("maxnode") &&
            textField("call-maxnode", "maxnode", "maxnode", { ...NUMERIC, placeholder: "all" })}
          {has("cpu") && cpuSelect("call-cpu", "CPU", v.cpu, "cpu")}
          {has("childPid") && (
            <>
              {textField("call-child-pid", "Child pid", "childPid")}
              {textField("call-child-tid", "Child tid", "childTid")}
              {cpuSelect("call-child-cpu", "Child CPU", v.childCpu, "childCpu")}
            </>
          )}
        </div>
        {has("nodes") && (
          <Checks
            legend="Nodes"
            names={(init?.nodes ?? []).map((n) => String(n.id))}
            labels={(init?.nodes ?? []).map((n) => `Node ${n.id}`)}
            values={v.nodes.map(String)}
            error={errors.nodes}
            onChange={(x) => set({ nodes: x.map(Number) })}
          />
        )}
        {has("flags") && (
          <Checks
            legend="Flags"
            names={FLAGS}
            values={v.flags}
            error={errors.flags}
            onChange={(flags) => set({ flags })}
          />
        )}
        {has("modeFlags") && (
          <Checks
            legend="Mode flags"
            names={MODE_FLAGS}
            values={v.modeFlags}
            error={errors.modeFlags}
            onChange={(modeFlags) => set({ modeFlags })}
          />
        )}
        {errors.form && (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        )}
        <div className="submit-row">
          <button type="submit" className="submit-btn">
            Call {v.op}
          </button>
          <output className="ret" aria-live="polite" aria-label="Return value">
            {last && last.errors.length === 0 && Object.keys(local).length === 0 && (
              <>
                {last.op} →{" "}
                {last.ret === null ? (
                  "…"
                ) : (
                  <span
                    data-testid="syscall-return"
                    className={String(last.ret).startsWith("-E") ? "ret-error" : undefined}
                  >
                    {last.ret}
                  </span>
                )}
                {String(last.ret).startsWith("-E") && <span className="small"> (an error)</span>}
              </>
            )}
          </output>
        </div>
        <Placement dropLater={dropLater} setDropLater={setDropLater} />
        {last && last.errors.length === 0 && <WhereItWent call={last} />}
        {undo.length > 0 && (
          <button
            type="button"
            className="undo"
            onClick={(e) => {
              // Undoing the only call takes this button away: the keyboard moves to the call
              // button beside it rather than back to the top of the page.
              const submit = e.currentTarget.form?.querySelector<HTMLElement>(".submit-btn");
              run.getState().undoCall();
              if (undo.length === 1) submit?.focus({ preventScroll: true });
            }}
          >
            Undo the last call
          </button>
        )}
      </form>
      <CallsMade calls={calls} />
    </section>
  );
}
