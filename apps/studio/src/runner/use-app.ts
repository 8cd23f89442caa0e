/** The app of the current `/apps/:app` route, as the user's roles show it. */
import { useParams } from 'react-router';
import { useAppModel } from '../api/apps.ts';

export function useRouteApp() {
  const { app = '' } = useParams();
  return { app, model: useAppModel(app) };
}
