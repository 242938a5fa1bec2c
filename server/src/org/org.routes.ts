import type { RouteModule } from '../route-deps';

/** `/org/*` (directory for every member) and `/admin/*` (admins). */
export const orgRoutes: RouteModule = () => {};
