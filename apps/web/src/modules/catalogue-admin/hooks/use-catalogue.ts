import type { ImportServiceItemsBody, ServiceItemBody } from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createServiceItem,
  getServiceItem,
  importServiceItems,
  listPartnerZones,
  setServiceItemPublished,
  updateServiceItem,
} from '../api';

export const SERVICE_ITEMS_QUERY_KEY = ['catalogue-admin', 'service-items'] as const;

/** One item for editing; nothing is fetched for a new one. */
export function useServiceItem(id: string | null) {
  return useQuery({
    queryKey: [...SERVICE_ITEMS_QUERY_KEY, id],
    queryFn: () => getServiceItem(id!),
    enabled: id !== null,
  });
}

export function usePartnerZones() {
  return useQuery({ queryKey: ['catalogue-admin', 'partner-zones'], queryFn: listPartnerZones, staleTime: 5 * 60_000 });
}

/** The catalogue's writes; each refreshes what the pages show of the catalogue. */
export function useCatalogueMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: SERVICE_ITEMS_QUERY_KEY });
  return {
    save: useMutation({
      mutationFn: ({ id, body }: { id: string | null; body: ServiceItemBody }) =>
        id === null ? createServiceItem(body) : updateServiceItem(id, body),
      onSuccess,
    }),
    publish: useMutation({
      mutationFn: ({ id, isPublished }: { id: string; isPublished: boolean }) => setServiceItemPublished(id, isPublished),
      onSuccess,
    }),
    importFile: useMutation({ mutationFn: (body: ImportServiceItemsBody) => importServiceItems(body), onSuccess }),
  };
}
