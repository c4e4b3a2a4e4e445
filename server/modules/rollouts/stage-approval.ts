/** Whether a stage's approval rule is met: any approval counts, except the proposer's own under the two-person rule. */
export function isStageApproved({ stage, approvals, proposer }: { stage: { index: number; approvalRole: string | null; twoPerson: boolean }; approvals: readonly { stageIndex: number; approverType: string; approverId: string }[]; proposer: { type: string; id: string | null } }): boolean {
  if (!stage.approvalRole) return true;
  return approvals.some((a) => a.stageIndex === stage.index && !(stage.twoPerson && a.approverType === proposer.type && a.approverId === proposer.id));
}
