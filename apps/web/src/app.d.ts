import type { Role } from '@counterpoint/core';

declare global {
  namespace App {
    interface SignedInUser {
      id: string;
      name: string;
      email: string;
      role: Role;
    }
    interface Locals {
      user: SignedInUser | null;
      sessionId: string | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
