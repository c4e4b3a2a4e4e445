/** One stage's devices: attested (green), applied and waiting to attest (blue), failed (red), still on the way (grey). */
export function StageProgressBar({ progress }: { progress: { targeted: number; applied: number; attested: number; failed: number; sent: number; queued: number } }) {
  const total = Math.max(progress.targeted, 1);
  const pct = (n: number) => `${(n * 100) / total}%`;
  return (
    <div>
      <div className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuenow={progress.attested} aria-valuemax={progress.targeted} aria-label="devices attested">
        <div className="bg-emerald-500" style={{ width: pct(progress.attested) }} />
        <div className="bg-brand-500" style={{ width: pct(progress.applied) }} />
        <div className="bg-red-500" style={{ width: pct(progress.failed) }} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {progress.targeted === 0 ? "no devices affected" : `${progress.attested} attested · ${progress.applied} applied · ${progress.failed} failed · ${progress.sent + progress.queued} on the way · of ${progress.targeted}`}
      </p>
    </div>
  );
}
