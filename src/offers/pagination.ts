// The seed's list meta (API Platform's convention), shared by every Offers API list.

export function paginationMeta(total: number, page: number, limit: number, pageItems: number) {
  return {
    pagination: {
      totalItems: total,
      itemsPerPage: limit,
      currentPage: page,
      // At least one page, also when empty or limit=0.
      lastPage: limit === 0 ? 1 : Math.max(1, Math.ceil(total / limit)),
      pageTotalItems: pageItems,
    },
  };
}
