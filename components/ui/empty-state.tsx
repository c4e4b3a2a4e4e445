export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <p className="font-medium text-slate-700">{title}</p>
      {children ? <div className="mx-auto mt-2 max-w-xl text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}
