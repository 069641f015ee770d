// One limit of tasks in flight: `limit` workers take the next task until none is left. The first
// failure rejects the whole run (a bench round that lost a request measures nothing).
export async function runPool(tasks, limit) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
