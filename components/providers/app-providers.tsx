"use client";
/** tRPC + TanStack Query for the console. Every failed mutation shows its (AppError) message as a toast; every successful one refreshes the data on screen. */
import { MutationCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useState } from "react";
import superjson from "superjson";
import { toast } from "sonner";
import { TRPCProvider } from "@/lib/trpc";
import type { TAppRouter } from "@/server/trpc/root";

export function AppProviders({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(() => {
    const client: QueryClient = new QueryClient({
      defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } },
      mutationCache: new MutationCache({
        onError: (error) => toast.error(error.message || "Something went wrong"),
        // Any change can show up elsewhere (the audit log, counts): refetch what is on screen.
        onSuccess: () => client.invalidateQueries(),
      }),
    });
    return client;
  });
  const [trpcClient] = useState(() =>
    createTRPCClient<TAppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
