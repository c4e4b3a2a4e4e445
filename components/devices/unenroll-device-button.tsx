"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";

export function UnenrollDeviceButton({ tenantSlug, deviceId, hostname }: { tenantSlug: string; deviceId: string; hostname: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const unenroll = useMutation(
    trpc.devices.unenroll.mutationOptions({
      onSuccess: () => {
        toast.success(`${hostname} unenrolled`);
        router.refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );
  return (
    <Button variant="danger" disabled={unenroll.isPending} onClick={() => confirm(`Unenroll ${hostname}? Its key is removed and it must be enrolled again.`) && unenroll.mutate({ tenantSlug, id: deviceId })}>
      Unenroll
    </Button>
  );
}
