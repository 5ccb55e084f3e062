import { lazy } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { HomePage } from '../pages/home-page';
import { NotFoundPage } from '../pages/not-found-page';
import { SignInPage } from '../pages/sign-in-page';
import { RequirePage } from './require-page';
import { RootRoute } from './root-route';
import { RouteErrorPage } from './route-error-page';
import { SignedInShell } from './signed-in-shell';

// Pages most users never open are fetched on first visit (the shell shows a spinner meanwhile).
const AccountPasswordPage = lazy(() => import('../pages/account-password-page').then((page) => ({ default: page.AccountPasswordPage })));
const AccountSecondFactorPage = lazy(() =>
  import('../pages/account-second-factor-page').then((page) => ({ default: page.AccountSecondFactorPage })),
);
const AdminAuditPage = lazy(() => import('../pages/admin-audit-page').then((page) => ({ default: page.AdminAuditPage })));
const AdminDepartmentsPage = lazy(() => import('../pages/admin-departments-page').then((page) => ({ default: page.AdminDepartmentsPage })));
const AdminRolesPage = lazy(() => import('../pages/admin-roles-page').then((page) => ({ default: page.AdminRolesPage })));
const AdminSecurityPage = lazy(() => import('../pages/admin-security-page').then((page) => ({ default: page.AdminSecurityPage })));
const AdminUsersPage = lazy(() => import('../pages/admin-users-page').then((page) => ({ default: page.AdminUsersPage })));

export const router = createBrowserRouter([
  {
    element: <RootRoute />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      {
        path: '/',
        element: <SignedInShell />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'admin/users',
            element: (
              <RequirePage page="users">
                <AdminUsersPage />
              </RequirePage>
            ),
          },
          {
            path: 'admin/departments',
            element: (
              <RequirePage page="departments">
                <AdminDepartmentsPage />
              </RequirePage>
            ),
          },
          {
            path: 'admin/roles',
            element: (
              <RequirePage page="roles">
                <AdminRolesPage />
              </RequirePage>
            ),
          },
          {
            path: 'admin/security',
            element: (
              <RequirePage page="security">
                <AdminSecurityPage />
              </RequirePage>
            ),
          },
          {
            path: 'admin/audit',
            element: (
              <RequirePage page="audit">
                <AdminAuditPage />
              </RequirePage>
            ),
          },
          { path: 'account/password', element: <AccountPasswordPage /> },
          { path: 'account/second-factor', element: <AccountSecondFactorPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
