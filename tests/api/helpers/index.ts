export { createTestServer, type TestServer } from './test-server';
export {
  setupAdmin,
  loginAs,
  createUser,
  createOtherOrg,
  DEFAULT_ADMIN,
  type SignedIn,
  type NewUser,
} from './auth';
export { binaryBody } from './binary-body';
