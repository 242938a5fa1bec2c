import type { RouteModule } from '../http/route-module';

/** `/org/*` (directory for every member) and `/admin/*` (admins). */
export const orgRoutes: RouteModule = () => {};
