import { type ReactNode, useLayoutEffect, useMemo, useRef } from "react";
import { RunContext, useRunStore } from "./app.ts";
import { followingStore } from "./followingStore.ts";
import { observeSeen, SEEN_MARGIN_PX } from "./whenSeen.ts";

/**
 * A `<div className>` whose panels draw the run at once while any of it is in view (or near),
 * and in the browser's idle moments while it is not: below the fold at 1920x1080 on the large
 * machine, the page tables, the LRU lists and the swap cache were about a third of a far seek.
 * Out of view they are at most one idle period behind, and a scroll or a reader's focus reaching
 * them draws them at once.
 */
export function DrawnWhenSeen({
  className,
  children,
  margin = SEEN_MARGIN_PX,
}: {
  className: string;
  children: ReactNode;
  /** How near the viewport (px) the box counts as seen (whenSeen.ts `observeSeen`). */
  margin?: number;
}) {
  const run = useRunStore();
  const box = useRef<HTMLDivElement>(null);
  const following = useMemo(() => followingStore(run), [run]);
  useLayoutEffect(() => {
    const stopFollowing = following.follow();
    const stopSeeing = box.current ? observeSeen(box.current, following.drawing, margin) : () => {};
    return () => {
      stopSeeing();
      stopFollowing();
    };
  }, [following, margin]);
  return (
    <div className={className} ref={box}>
      <RunContext.Provider value={following.store}>{children}</RunContext.Provider>
    </div>
  );
}
