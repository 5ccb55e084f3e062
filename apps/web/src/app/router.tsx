import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import type { AdminPage } from './access';
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
// 政务服务: the applicant's pages
const ServicesPage = lazy(() => import('../pages/applicant/services-page').then((page) => ({ default: page.ServicesPage })));
const ServiceItemPage = lazy(() => import('../pages/applicant/service-item-page').then((page) => ({ default: page.ServiceItemPage })));
const MyCasesPage = lazy(() => import('../pages/applicant/my-cases-page').then((page) => ({ default: page.MyCasesPage })));
const ApplicationPage = lazy(() => import('../pages/applicant/application-page').then((page) => ({ default: page.ApplicationPage })));
const MyCasePage = lazy(() => import('../pages/applicant/my-case-page').then((page) => ({ default: page.MyCasePage })));
const MyMessagesPage = lazy(() => import('../pages/applicant/my-messages-page').then((page) => ({ default: page.MyMessagesPage })));
// 政务服务: the staff's workbench
const CaseQueuePage = lazy(() => import('../pages/workbench/case-queue-page').then((page) => ({ default: page.CaseQueuePage })));
const CaseWorkPage = lazy(() => import('../pages/workbench/case-work-page').then((page) => ({ default: page.CaseWorkPage })));
const SatisfactionPage = lazy(() => import('../pages/workbench/satisfaction-page').then((page) => ({ default: page.SatisfactionPage })));
const RectificationPage = lazy(() => import('../pages/workbench/rectification-page').then((page) => ({ default: page.RectificationPage })));
const OutboxPage = lazy(() => import('../pages/workbench/outbox-page').then((page) => ({ default: page.OutboxPage })));
// 政务服务: administration of the catalogue and the calendar; the public verification page
const CatalogueAdminPage = lazy(() => import('../pages/admin/catalogue-page').then((page) => ({ default: page.CatalogueAdminPage })));
const CatalogueItemEditPage = lazy(() =>
  import('../pages/admin/catalogue-item-page').then((page) => ({ default: page.CatalogueItemEditPage })),
);
const CalendarAdminPage = lazy(() => import('../pages/admin/calendar-page').then((page) => ({ default: page.CalendarAdminPage })));
// 远程踏勘: the room's list, the live console and the replay; the applicant's phone page (no account)
const InspectionsPage = lazy(() => import('../pages/inspection/inspections-page').then((page) => ({ default: page.InspectionsPage })));
const InspectionLivePage = lazy(() =>
  import('../pages/inspection/inspection-live-page').then((page) => ({ default: page.InspectionLivePage })),
);
const InspectionReplayPage = lazy(() =>
  import('../pages/inspection/inspection-replay-page').then((page) => ({ default: page.InspectionReplayPage })),
);
const PhoneInspectionPage = lazy(() =>
  import('../pages/inspection/phone-inspection-page').then((page) => ({ default: page.PhoneInspectionPage })),
);
const VerifyDocumentPage = lazy(() =>
  import('../pages/public/verify-document-page').then((page) => ({ default: page.VerifyDocumentPage })),
);

/** A page for the roles `access.ts` lists for it. */
function guarded(path: string, page: AdminPage, element: ReactNode) {
  return { path, element: <RequirePage page={page}>{element}</RequirePage> };
}

export const router = createBrowserRouter([
  {
    element: <RootRoute />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      {
        path: '/verify/:code',
        element: (
          <Suspense fallback={<Spin className="full-page-center" />}>
            <VerifyDocumentPage />
          </Suspense>
        ),
      },
      {
        // Opened from the SMS on the applicant's phone: no account and no staff shell.
        path: '/inspect/:token',
        element: (
          <Suspense fallback={<Spin className="full-page-center" />}>
            <PhoneInspectionPage />
          </Suspense>
        ),
      },
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
          guarded('services', 'services', <ServicesPage />),
          guarded('services/:itemId', 'services', <ServiceItemPage />),
          guarded('my/cases', 'myCases', <MyCasesPage />),
          guarded('my/cases/new/:itemId', 'myCases', <ApplicationPage />),
          guarded('my/cases/:caseId/edit', 'myCases', <ApplicationPage />),
          guarded('my/cases/:caseId', 'myCases', <MyCasePage />),
          guarded('my/messages', 'myMessages', <MyMessagesPage />),
          guarded('cases', 'workbench', <CaseQueuePage />),
          guarded('cases/:caseId', 'workbench', <CaseWorkPage />),
          guarded('inspections', 'inspections', <InspectionsPage />),
          guarded('inspections/:inspectionId/live', 'inspectionRoom', <InspectionLivePage />),
          guarded('inspections/:inspectionId/replay', 'inspections', <InspectionReplayPage />),
          guarded('ratings', 'ratings', <SatisfactionPage />),
          guarded('ratings/rectification', 'ratings', <RectificationPage />),
          guarded('outbox', 'outbox', <OutboxPage />),
          guarded('admin/catalogue', 'catalogue', <CatalogueAdminPage />),
          guarded('admin/catalogue/:itemId', 'catalogue', <CatalogueItemEditPage />),
          guarded('admin/calendar', 'calendar', <CalendarAdminPage />),
          { path: 'account/password', element: <AccountPasswordPage /> },
          { path: 'account/second-factor', element: <AccountSecondFactorPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
