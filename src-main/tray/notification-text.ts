/** The words of the tray's notifications (the same for the first one and every reminder). */
export interface NotificationText {
  title: string;
  body: string;
}

export function passwordChangedNotification(organization: string): NotificationText {
  return {
    title: 'Update your device password',
    body: `Your ${organization} password was changed. Update this device so you can keep signing in with it.`,
  };
}
