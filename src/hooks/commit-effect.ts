// Props a controller reads in events are handed over after each commit, not made dependencies of
// its callbacks (which keep their identity). A layout effect where there is a DOM, so it runs
// before the component's own effects (UploadRow starts its upload from one); React warns about
// layout effects in server renders, where a plain effect (which never runs there) does instead.
import { useEffect, useLayoutEffect } from 'react';

/** Runs after each commit, before the component's effects: where it hands the latest props over. */
export const useCommitEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
