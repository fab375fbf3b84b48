/** The worker's /health answer, as an admin's monitor reads it; a request that fails is status 0. */
export async function healthOf(
  apiPort: number,
): Promise<{ status: number; body: { status?: string; database?: string; redis?: string } }> {
  try {
    const res = await fetch(`http://127.0.0.1:${apiPort}/health`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: (await res.json()) as { status?: string } };
  } catch {
    return { status: 0, body: {} };
  }
}
